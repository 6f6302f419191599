"""List pages read alike: every filter's empty choice is “Tất cả”, sectors in the decree's order with a legend,
communes with their code (and “(cũ)” for an old one), crafts written in one case, badges and codes that do not
wrap."""

import datetime
import re

import pytest
from django.urls import reverse

from khuyencong.geo.selectors import unit_get
from khuyencong.registry.models import Craft, Sector
from khuyencong.registry.services import craft_for_name, village_create
from khuyencong.training.services.classes import class_create
from tests.html import table_rows, text

pytestmark = pytest.mark.django_db

LISTS = ["registry:establishment_list", "registry:village_list", "registry:product_list", "projects:project_list",
         "projects:inbox", "training:class_list", "training:transplant_list", "training:follow_ups_due"]
DECREE_ORDER = ["a", "b", "c", "d", "đ", "e", "g"]


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("canbo"))
    return client


def selects(html: str) -> dict[str, list[tuple[str, str]]]:
    """Each <select name=…> of the page with its (value, text) options."""
    found = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, flags=re.S):
        found[name] = [(v, " ".join(t.split())) for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                                                                        body)]
    return found


def test_every_list_filter_offers_all_as_tat_ca(staff_client):
    seen = 0
    for name in LISTS:
        html = staff_client.get(reverse(name)).content.decode()
        for select, options in selects(html).items():
            if select in ("language",):
                continue
            empty = [t for v, t in options if v == ""]
            if empty:
                seen += 1
                assert empty == ["Tất cả"], (name, select, empty)
    assert seen >= 12


def test_sectors_in_the_decrees_order_with_a_legend(staff_client):
    assert [s.code for s in Sector.objects.all()] == DECREE_ORDER
    html = staff_client.get(reverse("registry:establishment_list")).content.decode()
    assert [v for v, _t in selects(html)["sector"] if v] == DECREE_ORDER
    form = staff_client.get(reverse("registry:establishment_create")).content.decode()
    assert [t[1:2] for v, t in selects(form)["sector"] if v] == DECREE_ORDER  # "(a) …"
    legend = text(html)
    positions = [legend.index(f"{code}: {Sector.objects.get(code=code).name}") for code in DECREE_ORDER]
    assert positions == sorted(positions) and "Nghị định 45/2012/NĐ-CP, Điều 5" in legend


def test_class_list_names_the_commune_with_its_code_and_era(staff_client, make_user):
    staff = make_user("lan")
    craft = craft_for_name("mây tre đan")
    for code, unit in (("L-NEW", unit_get(code="10030")), ("L-OLD", unit_get(code="10033", hierarchy="legacy"))):
        class_create(actor=staff, code=code, kind="truyen_nghe", craft=craft, commune=unit,
                     start_date=datetime.date(2014, 3, 1), end_date=datetime.date(2014, 6, 30))
    rows = {row[0]: row for row in table_rows(staff_client.get(reverse("training:class_list")).content.decode())[1:]}
    assert rows["L-NEW"][3] == "Xã Phú Nghĩa [10030]"
    assert rows["L-OLD"][3] == "Xã Phú Nghĩa [10033] (cũ)"


def test_crafts_are_written_in_one_case(staff_client):
    """A craft typed “mây tre đan” on a village and “Mây tre đan” on a class is one craft, written one way."""
    commune = unit_get(code="10030")
    village_create(actor=None, code="LN-1", name="Làng Phú Vinh", commune=commune, crafts=["mây tre đan", "gốm sứ"])
    assert craft_for_name("Mây tre đan").name == "Mây tre đan"
    assert sorted(Craft.objects.values_list("name", flat=True)) == ["Gốm sứ", "Mây tre đan"]
    rows = table_rows(staff_client.get(reverse("registry:village_list")).content.decode())
    assert rows[1][3] == "Gốm sứ; Mây tre đan"
