"""List totals that cost nothing: the exact count below the limit, “hơn 10.000” above, read with LIMIT limit + 1,
never a full COUNT(*); the seek and offset pagers stay as they are."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khuyencong.core import pagination
from khuyencong.core.pagination import bounded_count
from khuyencong.geo.selectors import unit_get
from khuyencong.registry.models import Establishment
from khuyencong.registry.services import craft_for_name, establishment_create
from khuyencong.training.services.classes import class_create
from tests.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def establishments(db):
    commune = unit_get(code="10030")
    for i in range(7):
        establishment_create(actor=None, code=f"CS-{i}", name=f"Cơ sở {i}", kind="HKD", commune=commune)


def test_bounded_count_stops_after_the_limit(establishments):
    with CaptureQueriesContext(connection) as queries:
        exact = bounded_count(Establishment.objects.all(), limit=10)
        over = bounded_count(Establishment.objects.all(), limit=5)
    assert (exact.count, exact.exact, exact.shown) == (7, True, "7")
    assert (over.count, over.exact, over.shown) == (6, False, "hơn 5")
    assert all(re.search(r"COUNT\(\*\).*FROM \(SELECT .* LIMIT (11|6)\)", q["sql"], re.S) for q in queries)


def test_thousands_are_written_the_vietnamese_way():
    assert pagination.BoundedCount(1234, 10_000).shown == "1.234"
    assert pagination.BoundedCount(10_001, 10_000).shown == "hơn 10.000"


def _counts(sql_list) -> list[str]:
    """The list's own counts (the menu's badges — unread notices, open data-quality flags — count to 100 on their
    own)."""
    badges = ('FROM "projects_notification"', 'SELECT "indicators_qualityflag"."id"')
    return [q["sql"] for q in sql_list
            if q["sql"].upper().startswith("SELECT COUNT(") and not any(b in q["sql"] for b in badges)]


def test_each_list_shows_its_total_without_a_full_count(client, make_user, establishments, monkeypatch):
    client.force_login(make_user("canbo"))
    craft = craft_for_name("Mây tre đan")
    class_create(actor=None, code="L1", kind="truyen_nghe", craft=craft, commune=unit_get(code="10030"),
                 start_date=datetime.date(2014, 3, 1), end_date=datetime.date(2014, 6, 30))
    expected = {
        "registry:establishment_list": "7 cơ sở", "registry:village_list": "0 làng", "registry:product_list":
        "0 sản phẩm", "projects:project_list": "0 đề án", "training:class_list": "1 lớp",
        "training:transplant_list": "0 lượt cấy nghề", "training:follow_ups_due": "0 học viên",
    }
    for name, total in expected.items():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse(name)).content.decode()
        assert re.search(rf'<p class="list-count"[^>]*>\s*{total}\s*</p>', page), (name, total)
        counts = _counts(queries.captured_queries)
        assert counts and all(re.search(r"LIMIT 10001\)", sql) for sql in counts), (name, counts)
    # the filters apply to the total; past the limit, “hơn”
    assert "1 cơ sở" in text(client.get(reverse("registry:establishment_list"), {"q": "co so 3"}).content.decode())
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    assert "hơn 5 cơ sở" in text(client.get(reverse("registry:establishment_list")).content.decode())


def test_seek_paging_stays(client, make_user, establishments, monkeypatch):
    from khuyencong.registry.views import common

    monkeypatch.setattr(common, "PAGE_SIZE", 3)
    client.force_login(make_user("canbo"))
    page = client.get(reverse("registry:establishment_list")).content.decode()
    assert "after=" in page and "page=" not in page and "7 cơ sở" in text(page)
