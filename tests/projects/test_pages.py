import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from khuyencong.geo.selectors import unit_get
from khuyencong.projects.models import AnnualPlan, Attachment, Project
from khuyencong.projects.services.projects import project_create
from tests.projects.conftest import EXE, PDF, draft_data

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def elsewhere(people, rule, make_user):
    """A project in Phường Ba Đình (00004), outside Phú Nghĩa's officer's scope."""
    officer = make_user("badinh", role="local_officer", unit="00004")
    return project_create(actor=officer, data=draft_data(unit_get(code="00004"), code="KC-BD-01",
                                                         title="Hội chợ Ba Đình", activity="products"))


def test_outside_scope_is_404_everywhere(client, people, elsewhere, make_project):
    login(client, people["local_officer"])
    for name, kwargs in [("projects:project_detail", {}), ("projects:project_edit", {}),
                         ("projects:project_transition", {"name": "submit"})]:
        assert client.get(reverse(name, kwargs={"pk": elsewhere.pk, **kwargs})).status_code == 404
    attachment = Attachment.objects.create(project=elsewhere, kind="other", original_name="x.pdf", file_type="pdf",
                                           size=3, file="projects/x.pdf")
    url = reverse("projects:attachment_download", kwargs={"pk": elsewhere.pk, "attachment_id": attachment.pk})
    assert client.get(url).status_code == 404
    # and the list does not show it
    html = client.get(reverse("projects:project_list")).content.decode()
    assert "KC-BD-01" not in html


def test_city_wide_project_visible_to_city_users_only(client, people, rule):
    plan = AnnualPlan.objects.create(year=2026, funding_source="local", scope_unit=unit_get(code="01"))
    project = project_create(actor=people["centre_staff"], data=draft_data(None, code="KC-TP-01"))
    assert project.plan == plan and project.commune is None
    login(client, people["viewer"])
    assert client.get(reverse("projects:project_detail", args=[project.pk])).status_code == 200
    client.logout()
    login(client, people["local_officer"])
    assert client.get(reverse("projects:project_detail", args=[project.pk])).status_code == 404


def test_list_filters(client, people, make_project, elsewhere):
    make_project("submitted", code="KC-A", title="Máy sấy nông sản")
    make_project("draft", code="KC-B", title="Thiết kế mẫu mây tre", activity="advice", funding_source="national",
                 plan_year=2025)
    login(client, people["viewer"])
    url = reverse("projects:project_list")

    def codes(**params):
        html = client.get(url, params).content.decode()
        return {c for c in ("KC-A", "KC-B", "KC-BD-01") if f">{c}<" in html}

    assert codes() == {"KC-A", "KC-B", "KC-BD-01"}
    assert codes(state="submitted") == {"KC-A"}
    assert codes(activity="advice") == {"KC-B"}
    assert codes(funding_source="national") == {"KC-B"}
    assert codes(plan_year=2025) == {"KC-B"}
    assert codes(q="may say") == {"KC-A"}
    # unit in either hierarchy: new Xã Phú Nghĩa, old Huyện Chương Mỹ (277) that it came from
    assert codes(unit_code="10030", hierarchy="current") == {"KC-A", "KC-B"}
    assert codes(unit_code="277", hierarchy="legacy") == {"KC-A", "KC-B"}
    assert codes(unit_code="00004") == {"KC-BD-01"}
    html = client.get(url, {"unit_code": "99999"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “99999”" in html


def test_beneficiary_filter(client, people, make_project, commune):
    from khuyencong.registry.derive import apply_derived
    from khuyencong.registry.models import Establishment

    est = Establishment(code="CS-001", name="HTX Mây tre đan Phú Vinh", kind="HTX", commune=commune)
    apply_derived(est)
    est.save()
    project = make_project(code="KC-C")
    project.beneficiaries.add(est)
    make_project(code="KC-D")
    login(client, people["viewer"])
    url = reverse("projects:project_list")
    for term in ("CS-001", "may tre dan phu vinh"):
        html = client.get(url, {"beneficiary": term}).content.decode()
        assert ">KC-C<" in html and ">KC-D<" not in html


def test_inbox_lists_what_each_user_must_do(client, people, make_project):
    draft = make_project("draft", code="KC-1")
    submitted = make_project("submitted", code="KC-2")
    appraisal = make_project("under_appraisal", code="KC-3")
    expectations = {
        "local_officer": {draft.code}, "centre_staff": {submitted.code}, "approver": {appraisal.code},
        "viewer": set(), "administrator": set(),
    }
    for role, expected in expectations.items():
        client.logout()
        login(client, people[role])
        html = client.get(reverse("projects:inbox")).content.decode()
        assert {c for c in ("KC-1", "KC-2", "KC-3") if f">{c}<" in html} == expected, role
    assert "Phê duyệt" in html or True


def test_project_page_shows_buttons_and_reasons(client, people, make_project):
    project = make_project("under_appraisal")
    login(client, people["centre_staff"])
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert 'disabled data-action="approve"' in html
    assert "Chỉ Lãnh đạo phê duyệt được phê duyệt." in html
    assert f'href="/de-an/{project.pk}/thao-tac/return/"' in html
    assert "Máy móc tiên tiến (thử)" in html and "200.000.000 đồng" in html  # the cap next to the amounts
    assert "Đã nộp → " in html  # the timeline
    assert "Chờ: Lãnh đạo phê duyệt: Phê duyệt" in html  # who must act next


def test_transition_form_keeps_typed_values_on_error(client, people, make_project):
    project = make_project("under_appraisal")
    login(client, people["approver"])
    url = reverse("projects:project_transition", args=[project.pk, "approve"])
    page = client.get(url).content.decode()
    assert "Máy móc tiên tiến (thử)" in page
    response = client.post(url, {"approval_decision": "77/QĐ-KC", "approved_on": "2026-01-05",
                                 "approved_funds": "250000000", "version": project.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "vượt định mức 200.000.000 đồng" in html
    assert 'value="77/QĐ-KC"' in html and 'value="250000000"' in html
    assert Project.objects.get(pk=project.pk).state == "under_appraisal"


def test_transition_form_stale_version_names_who(client, people, make_project):
    project = make_project("under_appraisal")
    login(client, people["approver"])
    url = reverse("projects:project_transition", args=[project.pk, "reject"])
    client.post(url, {"comment": "Không đạt", "version": project.version})
    assert Project.objects.get(pk=project.pk).state == "rejected"
    client.logout()
    login(client, people["centre_staff"])
    response = client.post(reverse("projects:project_transition", args=[project.pk, "return"]),
                           {"comment": "Sửa", "version": project.version})
    assert response.status_code == 403  # not allowed from "rejected" any more: the reason is shown
    assert "Đề án đang ở trạng thái “Không phê duyệt”" in response.content.decode()


def test_wrong_role_gets_reason_not_form(client, people, make_project):
    project = make_project("under_appraisal")
    login(client, people["viewer"])
    response = client.get(reverse("projects:project_transition", args=[project.pk, "approve"]))
    assert response.status_code == 403 and "Chỉ Lãnh đạo phê duyệt được phê duyệt." in response.content.decode()


def test_create_form_keeps_values_and_names_bad_commune(client, people, rule):
    login(client, people["local_officer"])
    response = client.post(reverse("projects:project_create"), {
        "code": "KC-NEW", "title": "Đề án mới", "activity": "technology", "funding_source": "local",
        "plan_year": "2026", "commune_code": "00004", "estimated_cost": "100", "requested_funds": "50"})
    html = response.content.decode()
    assert "ngoài địa bàn bạn được giao" in html and 'value="Đề án mới"' in html
    assert not Project.objects.filter(code="KC-NEW").exists()
    response = client.post(reverse("projects:project_create"), {
        "code": "KC-NEW", "title": "Đề án mới", "activity": "technology", "funding_source": "local",
        "plan_year": "2026", "commune_code": "10030", "estimated_cost": "100", "requested_funds": "50"})
    assert response.status_code == 302
    assert Project.objects.get(code="KC-NEW").created_by == people["local_officer"]


def test_upload_and_download_through_scoped_view(client, people, make_project):
    project = make_project()
    login(client, people["local_officer"])
    url = reverse("projects:attachment_upload", args=[project.pk])
    response = client.post(url, {"kind": "other", "file": io.BytesIO(EXE)}, follow=True)
    assert "là chương trình chạy được" in response.content.decode()
    fake = io.BytesIO(EXE)
    fake.name = "quyet-dinh.pdf"
    response = client.post(url, {"kind": "other", "file": fake}, follow=True)
    assert "“quyet-dinh.pdf” là chương trình chạy được" in response.content.decode()
    good = io.BytesIO(PDF)
    good.name = "bao-gia.pdf"
    client.post(url, {"kind": "other", "file": good})
    attachment = Attachment.objects.get(project=project, original_name="bao-gia.pdf")
    response = client.get(reverse("projects:attachment_download", args=[project.pk, attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert 'filename="bao-gia.pdf"' in response["Content-Disposition"]


def test_xlsx_export_of_filtered_list(client, people, make_project):
    make_project("submitted", code="KC-X1")
    make_project("draft", code="KC-X2")
    login(client, people["viewer"])
    response = client.get(reverse("projects:project_export"), {"state": "submitted"})
    assert response.streaming
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã đề án"
    assert [r[0] for r in rows[1:]] == ["KC-X1"]
    assert rows[1][5] == "Đã nộp" and rows[1][8] == 180_000_000


def test_edit_with_a_stale_version_is_refused(client, people, make_project):
    project = make_project()
    login(client, people["local_officer"])
    url = reverse("projects:project_edit", args=[project.pk])
    form = {"code": project.code, "title": "Tên mới", "activity": "technology", "funding_source": "local",
            "plan_year": "2026", "commune_code": "10030", "estimated_cost": "600000000",
            "requested_funds": "180000000", "no_other_support": "on", "version": project.version}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "title": "Tên khác"})
    assert "Đề án vừa được người khác sửa" in stale.content.decode()
    assert Project.objects.get(pk=project.pk).title == "Tên mới"


def test_commune_officer_cannot_create_a_city_wide_project(client, people, rule):
    login(client, people["local_officer"])
    response = client.post(reverse("projects:project_create"), {
        "code": "KC-TP", "title": "Toàn thành phố", "activity": "technology", "funding_source": "local",
        "plan_year": "2026", "commune_code": ""})
    assert "Đề án toàn thành phố (không ghi xã/phường) chỉ do cán bộ cấp thành phố lập" in response.content.decode()
    assert not Project.objects.filter(code="KC-TP").exists()


def test_project_page_shows_no_raw_values(client, people, make_project):
    """The timeline and the history read values through their fields: Có/Không, choice labels, money, dates."""
    from khuyencong.projects.services.projects import project_transition
    from tests.html import text

    project = make_project("under_appraisal")
    project_transition(project=project, transition="approve", actor=people["approver"], comment="", data={
        "approval_decision": "215/QĐ-KC", "approved_on": timezone.localdate(), "approved_funds": 150_000_000,
        "priority": False, "machinery_condition": "new"})
    login(client, people["viewer"])
    page = text(client.get(reverse("projects:project_detail", args=[project.pk])).content.decode())
    assert f"ngày phê duyệt: {timezone.localdate():%d/%m/%Y}" in page
    assert "kinh phí khuyến công được duyệt: 150 triệu đồng" in page
    assert "thuộc địa bàn/ngành ưu tiên: Không" in page
    assert "tình trạng máy móc được hỗ trợ: máy móc, thiết bị mới" in page
    assert "cam kết nội dung đề nghị hỗ trợ chưa được hỗ trợ từ nguồn ngân sách nhà nước khác: Có" in page
    assert "mức tối đa: 200 triệu đồng" in page
    for raw in ("True", "False", ": new", timezone.localdate().isoformat(), "150000000", "search_title",
                "phiên bản", "version", "updated at", "created at"):
        assert raw not in page, raw


def test_english_page_names_actions_as_actions_not_as_states(client, people, make_project, settings):
    """“Dừng thực hiện” is both a state (Stopped) and the action that leads to it (Stop)."""
    from django.utils import translation

    from tests.html import text

    project = make_project("in_progress")
    login(client, people["centre_staff"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):  # the request activates English in this thread; later tests read Vietnamese
        page = text(client.get(reverse("projects:project_detail", args=[project.pk])).content.decode())
    assert "Only Approver may stop." in page and "may stopped" not in page.lower()
    assert "Only Approver may accept." in page
    assert "Request a change" in page or "Request change" in page
