"""One project from draft to settled, each step by the right role, the wrong role seeing why it cannot act."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from khuyencong.core.formatting import format_date
from khuyencong.geo.selectors import unit_get
from khuyencong.projects.models import Attachment, AttachmentKind, FundingRule, Project
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import project_create
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.projects.conftest import EXE, PDF, draft_data, office, upload, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def as_user(browser, live_server, page, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("phunghia", role="local_officer", unit="10030")
    make_user("canbo", role="centre_staff", unit="01")
    make_user("lanhdao", role="approver", unit="01")
    make_user("xem", role="viewer", unit="01")
    pages, contexts = {}, []

    def get(username, locale="vi-VN"):
        if username not in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
            contexts.append(context)
            p = context.new_page()
            p.set_default_timeout(15_000)
            p.base_url = live_server.url
            login(p, username, PASSWORD)
            p.wait_for_selector("h1")
            pages[username] = p
        return pages[username]

    yield get
    for context in contexts:
        context.close()


def open_project(p, pk):
    p.goto(f"{p.base_url}/de-an/{pk}/")
    return p


def state_of(p) -> str:
    return p.locator("#project-state").inner_text()


def refused(p, action) -> str:
    button = p.locator(f'button[data-action="{action}"]')
    assert button.is_disabled()
    return p.locator(f"#why-{action}").inner_text()


def attach(p, kind, name, content, mime="application/pdf"):
    p.select_option("#id_kind", kind)
    p.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    p.click("#tai-lieu button[type=submit].primary")  # not a row's "Gỡ tài liệu" button
    p.wait_for_load_state()


def fire(p, action, fields=None, submit=True):
    p.click(f'a[data-action="{action}"]')
    p.wait_for_selector("form.card")
    for selector, value in (fields or {}).items():
        p.fill(selector, value)
    if submit:
        p.click("form.card button[type=submit].primary")
        p.wait_for_load_state()


def test_draft_to_settled_by_the_right_roles(as_user, screenshot):
    FundingRule.objects.create(activity="technology", item="Mô hình trình diễn (thử)", max_share_percent=30,
                               max_amount=500_000_000, amount_basis="model", legal_basis="Quyết định thử",
                               valid_from=datetime.date(2025, 1, 1))
    today = format_date(timezone.localdate())  # typed as Vietnamese write dates

    # 1. The local officer drafts the project for her commune.
    officer = as_user("phunghia")
    officer.goto(f"{officer.base_url}/de-an/tao-moi/")
    for field, value in {"#id_code": "KC-BR-01", "#id_title": "Mô hình máy sấy nông sản",
                         "#id_plan_year": "2026", "#id_commune_code": "10030", "#id_estimated_cost": "600000000",
                         "#id_requested_funds": "200000000", "#id_counterpart_funds": "400000000"}.items():
        officer.fill(field, value)
    officer.select_option("#id_activity", "technology")
    officer.select_option("#id_funding_source", "local")
    officer.select_option("#id_machinery_condition", "new")
    officer.check("#id_no_other_support")
    officer.click("form.card button[type=submit].primary")
    officer.wait_for_selector("#project-state")
    pk = Project.objects.get(code="KC-BR-01").pk
    assert state_of(officer) == "Dự thảo"

    # an executable renamed .pdf is refused, by its content
    attach(officer, "request_letter", "don-de-nghi.pdf", EXE)
    assert "là chương trình chạy được" in officer.locator(".messages").inner_text()
    attach(officer, "request_letter", "don-de-nghi.pdf", PDF)
    attach(officer, "budget_estimate", "du-toan.xlsx", office("xlsx"),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    screenshot(officer, "projects-1-draft-officer")

    approver = open_project(as_user("lanhdao"), pk)
    assert refused(approver, "submit") == "Chỉ Cán bộ địa phương, Cán bộ Trung tâm được nộp đề án."
    screenshot(approver, "projects-1-draft-approver-refused")

    fire(officer, "submit")
    assert state_of(officer) == "Đã nộp"

    # 2. Centre staff take it into appraisal; the approver cannot.
    assert refused(open_project(approver, pk), "start_appraisal") == "Chỉ Cán bộ Trung tâm được nhận thẩm định."
    staff = open_project(as_user("canbo"), pk)
    fire(staff, "start_appraisal")
    assert state_of(staff) == "Đang thẩm định"
    attach(staff, "appraisal_sheet", "phieu-tham-dinh.docx", office("docx"))
    assert refused(staff, "approve") == "Chỉ Lãnh đạo phê duyệt được phê duyệt."

    # 3. The approver approves: over the cap first (30 % of 600 million = 180 million), the values are kept.
    open_project(approver, pk)
    fire(approver, "approve", {"#id_approval_decision": "215/QĐ-KCHN", "#id_approved_on": today,
                               "#id_approved_funds": "190000000"})
    assert "vượt định mức 180.000.000 đồng" in approver.locator("#err-approved_funds").inner_text()
    assert approver.input_value("#id_approval_decision") == "215/QĐ-KCHN"
    assert "180.000.000 đồng" in approver.locator("#cap-amount").inner_text()
    screenshot(approver, "projects-3-approve-over-cap")
    approver.fill("#id_approved_funds", "170000000")
    approver.click("form.card button[type=submit].primary")
    approver.wait_for_selector("#project-state")
    assert state_of(approver) == "Đã phê duyệt"

    # 4. Centre staff start it with an advance; the viewer sees why they cannot.
    viewer = open_project(as_user("xem"), pk)
    assert refused(viewer, "start") == "Chỉ Cán bộ Trung tâm được bắt đầu thực hiện."
    open_project(staff, pk)
    fire(staff, "start", {"#id_advances_paid": "100000000"})
    assert state_of(staff) == "Đang thực hiện"
    attach(staff, "acceptance_minutes", "bien-ban-nghiem-thu.pdf", PDF)

    # 5. The approver accepts; the local officer cannot.
    assert refused(open_project(officer, pk), "accept") == "Chỉ Lãnh đạo phê duyệt được nghiệm thu."
    open_project(approver, pk)
    fire(approver, "accept", {"#id_accepted_on": today, "#id_jobs_created": "12"})
    assert state_of(approver) == "Đã nghiệm thu"
    attach(approver, "settlement", "ho-so-quyet-toan.pdf", PDF)

    # 6. Settlement: above the approved funds is refused, then 95 million settles with 5 million to refund.
    assert refused(open_project(staff, pk), "settle") == "Chỉ Lãnh đạo phê duyệt được quyết toán."
    open_project(approver, pk)
    fire(approver, "settle", {"#id_settled_on": today, "#id_settled_funds": "171000000"})
    assert "vượt kinh phí được duyệt" in approver.locator("#err-settled_funds").inner_text()
    approver.fill("#id_settled_funds", "95000000")
    approver.click("form.card button[type=submit].primary")
    approver.wait_for_selector("#project-state")
    assert state_of(approver) == "Đã quyết toán"
    assert approver.locator("#refund").inner_text() == "5.000.000 đồng"
    timeline = approver.locator(".timeline li")
    assert timeline.count() == 6
    assert "Đã nghiệm thu → Đã quyết toán" in timeline.first.inner_text()
    screenshot(approver, "projects-6-settled")

    # the officer's inbox no longer lists it; the project page shows the full history to everyone in scope
    officer.goto(f"{officer.base_url}/de-an/viec-can-lam/")
    assert "KC-BR-01" not in officer.locator("table").inner_text()
    screenshot(officer, "projects-inbox-officer")
    staff.goto(f"{staff.base_url}/de-an/?state=settled")
    assert "KC-BR-01" in staff.locator("table").inner_text()
    screenshot(staff, "projects-list-settled")


def test_wrong_upload_refused_or_removed_and_kept_in_history(as_user, screenshot, make_project_in_browser):
    officer = open_project(as_user("phunghia"), make_project_in_browser.pk)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    attach(officer, "request_letter", "anh-that.pdf", png)
    message = officer.locator(".messages").inner_text()
    assert "“anh-that.pdf” có đuôi .pdf nhưng nội dung là ảnh PNG" in message
    attach(officer, "other", "nham-de-an-khac.pdf", PDF)
    assert "nham-de-an-khac.pdf" in officer.locator("#tai-lieu").inner_text()
    officer.locator("#tai-lieu tr", has_text="nham-de-an-khac.pdf").locator("button[data-remove]").click()
    officer.wait_for_load_state()
    assert "Đã gỡ tài liệu “nham-de-an-khac.pdf”" in officer.locator(".messages").inner_text()
    assert "nham-de-an-khac.pdf" not in officer.locator("#tai-lieu").inner_text()
    history = officer.locator("table.history")
    assert "Gỡ tài liệu đính kèm Tài liệu khác: nham-de-an-khac.pdf" in history.inner_text()
    with officer.expect_download() as download:
        history.get_by_role("link", name="Tải tệp đã gỡ").click()
    assert download.value.suggested_filename == "nham-de-an-khac.pdf"
    screenshot(officer, "projects-attachment-removed")


@pytest.fixture
def make_project_in_browser(as_user, settings):
    from khuyencong.accounts.models import User
    from khuyencong.geo.selectors import unit_get
    from khuyencong.projects.services.projects import project_create

    as_user("phunghia")
    return project_create(actor=User.objects.get(username="phunghia"), data={
        "code": "KC-BR-09", "title": "Mô hình máy sấy", "activity": "technology", "funding_source": "local",
        "plan_year": 2026, "commune": unit_get(code="10030", hierarchy="current"), "estimated_cost": 600_000_000,
        "requested_funds": 200_000_000})


def test_the_acceptance_form_is_prefilled_reads_dd_mm_yyyy_and_takes_the_minutes(as_user, screenshot):
    FundingRule.objects.create(activity="technology", item="Máy móc tiên tiến (thử)", max_share_percent=50,
                               max_amount=200_000_000, amount_basis="model", legal_basis="Quyết định thử",
                               valid_from=datetime.date(2025, 1, 1))
    approver = as_user("lanhdao", locale="en-US")  # an English browser: a date input would show mm/dd/yyyy
    people = {u.username: u for u in get_user_model().objects.all()}
    people = {"local_officer": people["phunghia"], "centre_staff": people["canbo"], "approver": people["lanhdao"]}
    project = project_create(actor=people["local_officer"], data=draft_data(unit_get(code="10030")))
    for kind, name in ((AttachmentKind.REQUEST_LETTER, "don.pdf"), (AttachmentKind.BUDGET_ESTIMATE, "du-toan.pdf")):
        attachment_add(project=project, kind=kind, upload=upload(name), actor=people["local_officer"])
    walk(project, people, "in_progress")
    Attachment.objects.filter(project=project, kind=AttachmentKind.ACCEPTANCE_MINUTES).delete()
    today = format_date(timezone.localdate())

    open_project(approver, project.pk)
    assert "Còn thiếu: Biên bản nghiệm thu" in approver.locator("#thao-tac").inner_text()
    fire(approver, "accept", submit=False)
    date = approver.locator("#id_accepted_on")
    assert date.get_attribute("type") == "text" and date.get_attribute("placeholder") == "dd/mm/yyyy"
    assert date.input_value() == today  # today, as Vietnamese write it, whatever the browser's locale
    assert approver.locator("form.card a.back").inner_text() == "Quay lại"
    screenshot(approver, "projects-accept-prefilled")

    # a date typed the Vietnamese way but impossible, and the minutes chosen on the form: all errors at once
    approver.fill("#id_accepted_on", "31/02/2026")
    approver.set_input_files("#id_file_acceptance_minutes",
                             files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    approver.click("form.card button[type=submit].primary")
    approver.wait_for_selector("#err-accepted_on")
    assert "Nhập ngày theo dạng dd/mm/yyyy" in approver.locator("#err-accepted_on").inner_text()
    assert approver.locator("#err-jobs_created").count() == 1
    assert "chọn lại tệp" in approver.locator("form.card").inner_text()
    screenshot(approver, "projects-accept-errors")

    approver.fill("#id_accepted_on", today)
    approver.fill("#id_jobs_created", "9")
    approver.set_input_files("#id_file_acceptance_minutes",
                             files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    approver.click("form.card button[type=submit].primary")
    approver.wait_for_selector("#project-state")
    assert state_of(approver) == "Đã nghiệm thu"
    assert "bien-ban.pdf" in approver.locator("#tai-lieu").inner_text()
    project.refresh_from_db()
    assert project.accepted_on == timezone.localdate() and project.jobs_created == 9
