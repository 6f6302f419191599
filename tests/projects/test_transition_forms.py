"""The transition forms as a user meets them: date rules that name both dates, every error in one pass,
pre-filled values, dd/mm/yyyy dates, documents uploaded on the form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.core.formatting import format_date
from khuyencong.projects.models import Attachment, AttachmentKind, Project
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import project_create, project_transition
from tests.projects.conftest import EXE, TODAY, draft_data, upload

pytestmark = pytest.mark.django_db

D = format_date  # dates as the messages write them
APPROVAL = {"approval_decision": "9/QĐ-KC", "approved_funds": 150_000_000}


def errors_on(exc, field) -> str:
    return " ".join(exc.value.message_dict[field])


def url(project, name):
    return reverse("projects:project_transition", args=[project.pk, name])


# --- dates ---------------------------------------------------------------------------------------------

def test_an_approval_dated_in_the_future_is_refused_naming_both_dates(make_project, people):
    project = make_project("under_appraisal")
    later = TODAY + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"],
                           data={**APPROVAL, "approved_on": later})
    text = errors_on(exc, "approved_on")
    assert f"Ngày phê duyệt ({D(later)}) ở sau hôm nay ({D(TODAY)})" in text
    assert f"từ ngày nộp ({D(TODAY)}) đến hôm nay" in text
    assert Project.objects.get(pk=project.pk).state == "under_appraisal"


def test_an_approval_before_submission_names_both_dates_and_the_days_allowed(make_project, people):
    project = make_project("under_appraisal")
    earlier = TODAY - datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="approve", actor=people["approver"],
                           data={**APPROVAL, "approved_on": earlier})
    assert errors_on(exc, "approved_on") == (
        f"Ngày phê duyệt ({D(earlier)}) trước ngày nộp ({D(TODAY)}): ghi ngày từ {D(TODAY)} đến hôm nay ({D(TODAY)}).")


def test_acceptance_and_settlement_may_not_lie_in_the_future(make_project, people):
    tomorrow = TODAY + datetime.timedelta(days=1)
    project = make_project("in_progress")
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="accept", actor=people["approver"],
                           data={"accepted_on": tomorrow, "jobs_created": 3})
    assert f"Ngày nghiệm thu ({D(tomorrow)}) ở sau hôm nay ({D(TODAY)})" in errors_on(exc, "accepted_on")
    project = make_project("accepted")
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="settle", actor=people["approver"],
                           data={"settled_on": tomorrow, "settled_funds": 100_000_000})
    assert f"Ngày quyết toán ({D(tomorrow)}) ở sau hôm nay ({D(TODAY)})" in errors_on(exc, "settled_on")


def test_an_approval_recorded_in_the_future_says_how_acceptance_can_proceed(make_project, people):
    project = make_project("in_progress")
    later = TODAY + datetime.timedelta(days=30)
    Project.objects.filter(pk=project.pk).update(approved_on=later)  # recorded before the rule existed
    project.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="accept", actor=people["approver"],
                           data={"accepted_on": TODAY, "jobs_created": 3})
    text = errors_on(exc, "accepted_on")
    assert f"ngày phê duyệt ({D(later)})" in text and f"hôm nay ({D(TODAY)})" in text
    assert "đề nghị điều chỉnh" in text


# --- all errors at once --------------------------------------------------------------------------------

def test_submit_reports_missing_files_and_funds_over_the_estimate_together(people, commune, rule):
    officer = people["local_officer"]
    project = project_create(actor=officer, data=draft_data(commune, requested_funds=700_000_000))
    attachment_add(project=project, kind=AttachmentKind.REQUEST_LETTER, upload=upload(), actor=officer)
    project.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="submit", actor=officer)
    text = " ".join(exc.value.messages)
    assert "Thiếu tài liệu đính kèm: Dự toán kinh phí." in text
    assert "Kinh phí đề nghị (700.000.000 đồng) lớn hơn tổng dự toán (600.000.000 đồng)" in text


def test_field_errors_and_service_rules_come_back_in_one_pass(client, make_project, people):
    project = make_project("under_appraisal")
    client.force_login(people["approver"])
    response = client.post(url(project, "approve"), {
        "approval_decision": "77/QĐ-KC", "approved_on": "31/02/2026", "approved_funds": "250000000",
        "version": project.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 30/11/2025." in html  # the form's rule
    assert "vượt định mức 200.000.000 đồng" in html                     # the service's rule, same pass
    assert "Thiếu tài liệu" not in html and html.count("Nhập ngày theo dạng") == 1
    assert Project.objects.get(pk=project.pk).state == "under_appraisal"


def test_a_draft_over_its_estimate_is_warned_when_saved(client, people, commune, rule):
    officer = people["local_officer"]
    project = project_create(actor=officer, data=draft_data(commune))
    client.force_login(officer)
    form = {"code": project.code, "title": project.title, "activity": "technology", "funding_source": "local",
            "plan_year": 2026, "commune_code": "10030", "estimated_cost": 600_000_000,
            "requested_funds": 650_000_000, "counterpart_funds": 0, "machinery_condition": "new",
            "no_other_support": "on", "version": project.version}
    response = client.post(reverse("projects:project_edit", args=[project.pk]), form, follow=True)
    html = response.content.decode()
    assert "Đã lưu đề án KC-2026-001." in html
    assert 'class="msg-warning">Chưa thể nộp đề án: Kinh phí đề nghị (650.000.000 đồng) lớn hơn tổng dự toán ' \
           '(600.000.000 đồng)' in html
    form["requested_funds"] = 500_000_000
    form["version"] = Project.objects.get(pk=project.pk).version
    html = client.post(reverse("projects:project_edit", args=[project.pk]), form, follow=True).content.decode()
    assert "msg-warning" not in html


def test_the_submit_page_names_a_missing_file_once(client, people, commune, rule):
    officer = people["local_officer"]
    project = project_create(actor=officer, data=draft_data(commune))
    attachment_add(project=project, kind=AttachmentKind.REQUEST_LETTER, upload=upload(), actor=officer)
    client.force_login(officer)
    assert client.get(url(project, "submit")).content.decode().count("Dự toán kinh phí") == 1
    html = client.post(url(project, "submit"), {"version": project.version}).content.decode()
    assert html.count("Dự toán kinh phí") == 1


# --- pre-filled actions -----------------------------------------------------------------------------------

def test_forms_start_with_today_the_requested_funds_and_the_current_progress(client, make_project, people):
    today = D(TODAY)
    client.force_login(people["approver"])
    html = client.get(url(make_project("under_appraisal"), "approve")).content.decode()
    assert f'name="approved_on" value="{today}"' in html
    assert 'name="approved_funds" value="180000000"' in html  # the requested funds
    in_progress = make_project("in_progress")
    assert f'name="accepted_on" value="{today}"' in client.get(url(in_progress, "accept")).content.decode()
    html = client.get(url(make_project("accepted"), "settle")).content.decode()
    assert f'name="settled_on" value="{today}"' in html
    project_transition(project=in_progress, transition="report_progress", actor=people["centre_staff"],
                       data={"progress_percent": 40})
    client.force_login(people["centre_staff"])
    assert 'name="progress_percent" value="40"' in client.get(url(in_progress, "report_progress")).content.decode()


def test_date_inputs_are_text_in_dd_mm_yyyy_and_the_back_link_reads_quay_lai(client, make_project, people):
    client.force_login(people["approver"])
    html = client.get(url(make_project("under_appraisal"), "approve")).content.decode()
    assert 'type="date"' not in html
    assert f'<input type="text" name="approved_on" value="{D(TODAY)}"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert ">Quay lại</a>" in html and "Huỷ bỏ" not in html


def test_submit_is_disabled_with_the_reason_while_files_are_missing(client, people, commune, rule):
    officer = people["local_officer"]
    project = project_create(actor=officer, data=draft_data(commune))
    attachment_add(project=project, kind=AttachmentKind.REQUEST_LETTER, upload=upload(), actor=officer)
    client.force_login(officer)
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert 'disabled data-action="submit"' in html
    assert "Còn thiếu tài liệu: Dự toán kinh phí. Đính kèm ở mục “Tài liệu đính kèm” rồi nộp đề án." in html
    assert f'href="/de-an/{project.pk}/thao-tac/cancel/"' in html  # the other step stays open


def test_a_step_that_needs_a_file_takes_it_on_its_own_form(client, make_project, people, media):
    project = make_project("under_appraisal")
    Attachment.objects.filter(project=project, kind="appraisal_sheet").delete()
    client.force_login(people["approver"])
    detail = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert f'href="/de-an/{project.pk}/thao-tac/approve/"' in detail  # enabled: the form takes the file
    html = client.get(url(project, "approve")).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="file_appraisal_sheet"' in html
    response = client.post(url(project, "approve"), {
        **APPROVAL, "approved_on": D(TODAY), "version": project.version,
        "file_appraisal_sheet": upload("phieu-tham-dinh.pdf")})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == "approved" and project.approved_on == TODAY
    assert project.attachments.get(kind="appraisal_sheet").original_name == "phieu-tham-dinh.pdf"


def test_a_refused_upload_is_reported_with_the_other_errors_and_nothing_is_kept(client, make_project, people,
                                                                               media):
    project = make_project("in_progress")
    Attachment.objects.filter(project=project, kind="acceptance_minutes").delete()
    files_before = {p for p in media.rglob("*") if p.is_file()}
    client.force_login(people["approver"])
    response = client.post(url(project, "accept"), {
        "accepted_on": D(TODAY + datetime.timedelta(days=3)), "version": project.version,
        "file_acceptance_minutes": upload("bien-ban.pdf", EXE)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "là chương trình chạy được" in html                    # the file
    assert "ở sau hôm nay" in html                                 # the date
    assert "id=\"err-jobs_created\"" in html                       # the missing figure
    assert {p for p in media.rglob("*") if p.is_file()} == files_before
    response = client.post(url(project, "accept"), {
        "accepted_on": D(TODAY + datetime.timedelta(days=3)), "jobs_created": "4", "version": project.version,
        "file_acceptance_minutes": upload("bien-ban.pdf")})
    html = response.content.decode()
    assert "Tệp đã chọn chưa được lưu vì biểu mẫu còn lỗi: sửa lỗi rồi chọn lại tệp." in html
    assert not project.attachments.filter(kind="acceptance_minutes").exists()
    assert {p for p in media.rglob("*") if p.is_file()} == files_before
