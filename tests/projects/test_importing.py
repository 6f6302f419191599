import datetime

import pytest

from khuyencong.projects.importing import projects_import_rows
from khuyencong.projects.models import Project, ProjectTransition

pytestmark = pytest.mark.django_db


ROWS = [
    {"code": "KC-2014-01", "title": "Truyền nghề mây tre đan", "activity": "training", "funding_source": "local",
     "plan_year": 2014, "commune_code": "10033", "approved_funds": "120.000.000", "settled_funds": 118_000_000,
     "status": "settled", "accepted_on": "20/11/2014", "jobs_created": 35},
    {"Mã đề án": "KC-2015-02", "Tên đề án": "Hội chợ hàng thủ công", "Nội dung hoạt động": "Hợp tác quốc tế",
     "Nguồn kinh phí": "national", "Năm kế hoạch": 2015, "Trạng thái": "Đã phê duyệt"},
]


def test_import_records_the_given_state_and_marks_imported(people):
    result = projects_import_rows(ROWS, actor=people["centre_staff"], hierarchy="legacy")
    assert result.ok, result.errors
    first = Project.objects.get(code="KC-2014-01")
    assert first.state == "settled" and first.imported and first.approved_funds == 120_000_000
    assert first.accepted_on == datetime.date(2014, 11, 20)
    assert first.commune.hierarchy == "legacy" and first.current_commune.code == "10030"  # old Phú Nghĩa → new
    second = Project.objects.get(code="KC-2015-02")
    assert second.activity == "international" and second.state == "approved" and second.commune is None
    assert ProjectTransition.objects.get(project=first).name == "import"


def test_any_bad_row_writes_nothing(people):
    bad = ROWS + [
        {"code": "KC-X", "title": "Sai", "activity": "dancing", "funding_source": "local", "plan_year": "năm ngoái",
         "commune_code": "99999", "approved_funds": 10, "settled_funds": 20, "beneficiaries": "CS-404"},
        {"code": "KC-2014-01", "title": "Trùng mã", "activity": "training", "funding_source": "local",
         "plan_year": 2014},
        {"title": "Thiếu mã", "activity": "training", "funding_source": "local", "plan_year": 2014},
    ]
    result = projects_import_rows(bad, actor=people["centre_staff"], hierarchy="legacy")
    assert not result.ok and not Project.objects.exists()
    cells = {(row, col) for row, col, _msg in result.errors}
    assert {(4, "activity"), (4, "plan_year"), (4, "commune_code"), (4, "settled_funds"), (4, "beneficiaries"),
            (5, "code"), (6, "code")} <= cells
    message = dict(((r, c), m) for r, c, m in result.errors)[(4, "activity")]
    assert "Nội dung “dancing” không hợp lệ" in message


def test_local_officer_may_not_import(people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        projects_import_rows(ROWS, actor=people["local_officer"])
