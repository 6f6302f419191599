"""The `projects` kind in the import framework."""

import pytest

from khuyencong.projects.models import Project

pytestmark = pytest.mark.django_db


def write_xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


HEADER = ["code", "title", "activity", "funding_source", "plan_year", "commune_code", "approved_funds",
          "settled_funds", "status", "accepted_on", "jobs_created"]


def test_projects_kind_records_state_and_marks_imported(tmp_path, people):
    from khuyencong.imports.services.runs import import_file

    path = write_xlsx(tmp_path / "p.xlsx", [
        HEADER,
        ["KC-2014-01", "Truyền nghề mây tre", "training", "local", 2014, "10033", 120_000_000, 118_000_000,
         "Đã quyết toán", "20/11/2014", 35],
        ["KC-2015-02", "Hội chợ", "products", "national", 2015, None, 80_000_000, None, "approved", None, None],
    ])
    result = import_file(kind="projects", path=path, user=people["centre_staff"], hierarchy="legacy")
    assert result.ok, result.errors
    first = Project.objects.get(code="KC-2014-01")
    assert first.state == "settled" and first.imported and first.search_title.startswith("kc-2014-01 truyen nghe")
    assert first.current_commune.code == "10030"
    assert Project.objects.get(code="KC-2015-02").commune is None


def test_projects_kind_refuses_settled_above_approved(tmp_path, people):
    from khuyencong.imports.services.runs import import_file

    path = write_xlsx(tmp_path / "p.xlsx", [
        HEADER, ["KC-1", "X", "training", "local", 2014, "10033", 10, 20, "settled", None, None]])
    result = import_file(kind="projects", path=path, user=people["centre_staff"], hierarchy="legacy")
    assert not result.ok and not Project.objects.exists()
    assert "lớn hơn kinh phí được duyệt" in " ".join(e.message for e in result.errors)


def test_commune_officer_may_not_import_a_city_wide_project(tmp_path, people):
    from khuyencong.imports.services.runs import import_file

    path = write_xlsx(tmp_path / "p.xlsx", [
        HEADER,
        ["KC-1", "Đề án của xã", "training", "local", 2026, "10030", None, None, "draft", None, None],
        ["KC-2", "Hội chợ toàn thành phố", "products", "local", 2026, None, None, None, "draft", None, None],
    ])
    result = import_file(kind="projects", path=path, user=people["local_officer"])
    assert not result.ok and not Project.objects.exists()
    (error,) = result.errors
    assert error.row == 3 and "chỉ cán bộ cấp tỉnh được nhập" in error.message
    assert import_file(kind="projects", path=path, user=people["centre_staff"]).ok


def test_list_links_to_the_projects_import(client, people):
    from django.urls import reverse

    client.force_login(people["centre_staff"])
    html = client.get(reverse("projects:project_list")).content.decode()
    assert reverse("imports:upload", args=["projects"]) in html
    assert client.get(reverse("imports:template", args=["projects"])).status_code == 200
    client.force_login(people["viewer"])
    html = client.get(reverse("projects:project_list")).content.decode()
    assert reverse("imports:upload", args=["projects"]) not in html


def test_framework_export_uses_the_list_filters_and_scope(client, people, make_project):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    make_project("submitted", code="KC-E1")
    make_project("draft", code="KC-E2")
    client.force_login(people["viewer"])
    response = client.get(reverse("imports:export", args=["projects", "xlsx"]), {"state": "submitted"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    codes = [r[0] for r in rows[1:] if r and r[0] and str(r[0]).startswith("KC-")]
    assert codes == ["KC-E1"]
    bad = client.get(reverse("imports:export", args=["projects", "xlsx"]), {"unit_code": "99999"})
    assert bad.status_code == 400 and "Không tìm thấy đơn vị có mã “99999”" in bad.content.decode()
