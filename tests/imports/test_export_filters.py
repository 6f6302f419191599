"""One filter implementation: the list page and its export (web and CLI) show exactly the same rows."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.services.runs import import_file
from khuyencong.registry.models import Craft
from tests.imports.conftest import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "kind", "commune_code", "hierarchy", "polluting", "craft_village_code"]


@pytest.fixture
def records(tmp_path, village):
    rows = [HEADER,
            ["A", "Mây tre Phú Nghĩa mới", "DN", "10030", "current", "có", "LN01"],
            ["B", "Mây tre Phú Vinh cũ", "HTX", "10033", "legacy", "không", None],
            ["C", "Gốm xã bị chia", "HKD", "00583", "legacy", "có", None],
            ["D", "Lụa Ba Đình", "HKD", "00004", "current", "không", None],
            ["E", "Cơ khí Phụng Châu", "DN", "10021", "legacy", "không", None]]
    result = import_file(user=SYSTEM, kind="establishments", path=write_xlsx(tmp_path / "e.xlsx", rows))
    assert result.ok, result.errors
    village.recognition, village.recognition_year = "lang_nghe", 2010
    village.save()
    return village


def _page_codes(client, url_name, query):
    response = client.get(reverse(url_name) + "?" + query)
    assert response.status_code == 200
    assert not response.context["form"].errors
    return sorted(row.code for row in response.context["rows"])


def _export_codes(client, kind, query):
    response = client.get(reverse("imports:export", args=[kind, "csv"]) + "?" + query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    return sorted(row[0] for row in rows[1:])


QUERIES = ["", "unit_code=277&unit_hierarchy=legacy", "unit_code=10030&unit_hierarchy=current",
           "unit_code=10033&unit_hierarchy=legacy", "unit_code=01&unit_hierarchy=current&kind=DN",
           "q=may+tre", "polluting=1&unit_code=01&unit_hierarchy=legacy", "recognition=lang_nghe",
           "unit_code=00583&unit_hierarchy=legacy&sort=-name"]


@pytest.mark.parametrize("query", QUERIES)
def test_page_filter_equals_export_rows(client, make_user, records, query):
    client.force_login(make_user("canbo"))
    page = _page_codes(client, "registry:establishment_list", query)
    assert page == _export_codes(client, "establishments", query)
    if query:
        craft = Craft.objects.get(folded_name="may tre dan")
        with_craft = f"{query}&craft={craft.pk}"
        assert _page_codes(client, "registry:establishment_list", with_craft) == _export_codes(
            client, "establishments", with_craft)


def test_filters_mean_the_same_in_both_hierarchies(client, make_user, records):
    client.force_login(make_user("canbo"))
    # the old district Chương Mỹ holds its old communes and the record made under today's Phú Nghĩa
    assert _export_codes(client, "establishments", "unit_code=277&unit_hierarchy=legacy") == ["A", "B", "E"]
    # today's Phú Nghĩa holds the record made under the old commune that went into it
    assert _export_codes(client, "establishments", "unit_code=10030&unit_hierarchy=current") == ["A", "B"]


def test_scoped_officer_sees_the_same_on_page_and_export(client, make_user, records):
    client.force_login(make_user("phunghia", role="local_officer", unit="10030"))
    for query in ("", "kind=HTX", "q=phu"):
        assert _page_codes(client, "registry:establishment_list", query) == _export_codes(
            client, "establishments", query)
    assert _export_codes(client, "establishments", "") == ["A", "B"]


def test_villages_products_and_years_use_their_list(client, make_user, records, tmp_path):
    from khuyencong.registry.services import village_year_upsert

    client.force_login(make_user("canbo"))
    village_year_upsert(actor=None, village=records, year=2024, households=100, craft_households=30)
    for query in ("recognition=lang_nghe", "recognition=lang_nghe_truyen_thong", "unit_code=277&unit_hierarchy=legacy"):
        assert _page_codes(client, "registry:village_list", query) == _export_codes(client, "craft_villages", query)
    years = _export_codes(client, "village_years", "recognition=lang_nghe")
    assert years == ["LN01"]
    assert _export_codes(client, "village_years", "recognition=lang_nghe_truyen_thong") == []
    assert _page_codes(client, "registry:product_list", "kind=DN") == _export_codes(client, "products", "kind=DN")


def test_cli_maps_its_options_onto_the_same_form(client, make_user, records, tmp_path):
    client.force_login(make_user("canbo"))
    out = tmp_path / "out.csv"

    def cli(**options):
        call_command("export", "establishments", str(out), **options)
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        return sorted(row[0] for row in rows[1:])

    assert cli(unit="277", hierarchy="legacy") == _export_codes(client, "establishments",
                                                                "unit_code=277&unit_hierarchy=legacy")
    assert cli(unit="01", polluting="yes") == ["A", "C"]  # C: unplaced record of a split old commune
    assert cli(polluting="no", est_kind="HKD") == ["D"]
    assert cli(craft="MAY TRE ĐAN") == ["A"]
    assert cli(q="may tre", hierarchy="current") == ["A", "B"]
    with pytest.raises(CommandError, match="Không có nghề “Sơn mài”"):
        cli(craft="Sơn mài")
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã “99999”"):
        cli(unit="99999")
    with pytest.raises(CommandError, match="--polluting phải là yes hoặc no"):
        cli(polluting="maybe")
    with pytest.raises(CommandError, match="--kind không áp dụng"):
        call_command("export", "craft_villages", str(out), est_kind="DN")


@pytest.mark.parametrize(("query", "message"), [
    ("unit_code=99999", "Không tìm thấy đơn vị có mã “99999”"),
    ("sector=zz", "Ngành:"),
    ("kind=XYZ", "Loại hình:"),
])
def test_invalid_filter_is_a_clear_message_not_a_file(client, make_user, records, query, message):
    client.force_login(make_user("canbo"))
    response = client.get(reverse("imports:export", args=["establishments", "xlsx"]) + "?" + query)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "Bộ lọc không hợp lệ" in text and "Quay lại danh sách" in text
    assert response["Content-Type"].startswith("text/html")
    assert f'href="/so-dang-ky/co-so/?{query}"' in text  # back to the list, whose form shows the error


@pytest.mark.parametrize(("url_name", "kind"), [("registry:establishment_list", "establishments"),
                                                ("registry:village_list", "craft_villages"),
                                                ("registry:product_list", "products")])
def test_list_pages_offer_import_template_and_filtered_export(client, make_user, records, url_name, kind):
    client.force_login(make_user("canbo"))
    html = client.get(reverse(url_name) + "?q=may&unit_code=01").content.decode()
    assert f'href="/nhap-du-lieu/{kind}/"' in html and f"/nhap-du-lieu/{kind}/mau.xlsx" in html
    assert f"/nhap-du-lieu/{kind}/xuat.xlsx?q=may&amp;unit_code=01" in html
    assert f"/nhap-du-lieu/{kind}/xuat.csv?q=may&amp;unit_code=01" in html


def test_export_streams_the_selector_in_chunks(records, monkeypatch):
    """The list selector's select_related/prefetch_related don't stop the export from streaming plain tuples,
    a chunk at a time (one crafts query per chunk, no prefetch of the whole list)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from khuyencong.accounts.scoping import SYSTEM
    from khuyencong.imports import export
    from khuyencong.imports.kinds import get_kind
    from khuyencong.registry.models import CraftVillage

    for i in range(4):
        CraftVillage.objects.create(code=f"LN1{i}", name=f"Làng {i}", commune=records.commune,
                                    current_commune=records.commune, search_name=f"lang {i}")
    monkeypatch.setattr(export, "CHUNK", 2)
    kind = get_kind("craft_villages")
    qs = export.export_queryset(kind, user=SYSTEM, params={"unit_code": "10030"})
    with CaptureQueriesContext(connection) as queries:
        rows = list(export.export_rows(kind, qs))
    assert [r[0] for r in rows] == ["LN01", "LN10", "LN11", "LN12", "LN13"]
    crafts = [q for q in queries.captured_queries if "craftvillage_crafts" in q["sql"]]
    assert len(crafts) == 3  # 5 rows, chunks of 2


def test_village_list_offers_the_years_of_its_villages(client, make_user, records):
    client.force_login(make_user("canbo"))
    html = client.get(reverse("registry:village_list") + "?recognition=lang_nghe").content.decode()
    assert "/nhap-du-lieu/village_years/xuat.xlsx?recognition=lang_nghe" in html
    assert 'href="/nhap-du-lieu/village_years/"' in html
