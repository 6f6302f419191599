"""The project text search sends `search_title LIKE '%…%'`, which the trigram index serves on PostgreSQL."""

import pytest
from django.db import connection

from khuyencong.core.text import fold
from khuyencong.projects.selectors import ProjectFilters, project_list

pytestmark = pytest.mark.django_db


def test_search_is_a_contains_on_the_folded_title(make_project, people):
    make_project(code="KC-S1", title="Hỗ trợ máy sấy nông sản")
    make_project(code="KC-S2", title="Dệt lụa Vạn Phúc")
    qs = project_list(user=people["viewer"], filters=ProjectFilters(q="MÁY SẤY"))
    assert [p.code for p in qs] == ["KC-S1"]
    assert "LIKE" in str(qs.query) and fold("MÁY SẤY") == "may say"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index is PostgreSQL-only")
def test_trigram_index_exists_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["projects_search_title_trgm"])
        row = cursor.fetchone()
    assert row and "gin_trgm_ops" in row[0] and "search_title" in row[0]
