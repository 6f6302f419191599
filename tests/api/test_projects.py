"""A project walked through its workflow by machine clients, with the pages' rules and answers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khuyencong.projects.models import Project, ProjectState

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(make_user, client_for):
    return {
        "local": client_for(make_user("xa", role="local_officer", unit="10030")),
        "centre": client_for(make_user("tt", role="centre_staff", unit="01")),
        "approver": client_for(make_user("ld", role="approver", unit="01")),
    }


def _attach(api, code, kind):
    r = api.post(f"/api/v1/projects/{code}/attachments/",
                 {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)}, format="multipart")
    assert r.status_code == 201, r.json()


def test_workflow_walk(people):
    local, centre, approver = people["local"], people["centre"], people["approver"]
    r = local.post("/api/v1/projects/", {
        "code": "DA00001", "title": "Đào tạo nghề mây tre", "activity": "training", "funding_source": "local",
        "plan_year": 2026, "commune": "10030", "estimated_cost": 200_000_000, "requested_funds": 100_000_000,
        "no_other_support": True}, format="json")
    assert r.status_code == 201, r.json()
    code = r.json()["code"]
    assert r.json()["state"] == "draft"
    # the page refuses submitting without the documents, and so does the API: nothing written
    r = local.post(f"/api/v1/projects/{code}/transitions/submit/", {}, format="json")
    assert r.status_code == 400, r.json()
    assert Project.objects.get(code=code).state == ProjectState.DRAFT
    _attach(local, code, "request_letter")
    _attach(local, code, "budget_estimate")
    r = local.post(f"/api/v1/projects/{code}/transitions/submit/", {}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "submitted"
    # a step of another role, and a step from the wrong state: refused with the page's reason, nothing written
    r = local.post(f"/api/v1/projects/{code}/transitions/start_appraisal/", {}, format="json")
    assert r.status_code == 403 and "Cán bộ Trung tâm" in r.json()["message"]
    r = centre.post(f"/api/v1/projects/{code}/transitions/start/", {}, format="json")
    assert r.status_code == 403 and "trạng thái" in r.json()["message"]
    assert Project.objects.get(code=code).state == ProjectState.SUBMITTED
    r = centre.post(f"/api/v1/projects/{code}/transitions/start_appraisal/", {}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "under_appraisal"
    _attach(centre, code, "appraisal_sheet")
    # every missing field reported at once
    r = approver.post(f"/api/v1/projects/{code}/transitions/approve/", {}, format="json")
    assert r.status_code == 400
    assert {"approval_decision", "approved_on", "approved_funds"} <= set(r.json()["fields"])
    r = approver.post(f"/api/v1/projects/{code}/transitions/approve/", {
        "approval_decision": "123/QĐ-SCT", "approved_on": timezone.localdate().isoformat(),
        "approved_funds": 90_000_000}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "approved" and r.json()["approved_funds"] == 90_000_000
    actions = {a["name"]: a for a in r.json()["actions"]}
    assert "start" in actions


def test_refusal_in_english(make_user, client_for, people):
    local = people["local"]
    r = local.post("/api/v1/projects/", {
        "code": "DA00002", "title": "Hội chợ", "activity": "training", "funding_source": "local", "plan_year": 2026,
        "commune": "10030"}, format="json")
    assert r.status_code == 201, r.json()
    english = client_for(make_user("en-centre", role="centre_staff", unit="01"), language="en")
    r = english.post("/api/v1/projects/DA00002/transitions/start/", {}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert "Draft" in r.json()["message"] and "Dự thảo" not in r.json()["message"]
    r = english.post("/api/v1/projects/DA00002/transitions/cancel/", {}, format="json")
    assert r.status_code == 400 and "comment" in r.json()["fields"]
    assert Project.objects.get(code="DA00002").state == ProjectState.DRAFT


def test_attachment_removal_as_on_the_project_page(people, make_user, client_for, world):
    from khuyencong.core.models import AuditEntry
    from khuyencong.projects.models import Attachment

    local, centre = people["local"], people["centre"]
    r = local.post("/api/v1/projects/", {
        "code": "DA00002", "title": "Hỗ trợ máy móc", "activity": "training", "funding_source": "local",
        "plan_year": 2026, "commune": "10030", "estimated_cost": 200_000_000,
        "requested_funds": 100_000_000, "no_other_support": True}, format="json")
    assert r.status_code == 201, r.json()
    _attach(local, "DA00002", "request_letter")
    _attach(centre, "DA00002", "budget_estimate")
    letter, budget = Attachment.objects.filter(project__code="DA00002").order_by("pk")
    # another local officer of the commune is neither the uploader nor centre staff
    other = client_for(make_user("xa2", role="local_officer", unit="10030"))
    r = other.delete(f"/api/v1/projects/DA00002/attachments/{letter.pk}/")
    assert r.status_code == 403 and "Chỉ người tải lên" in r.json()["message"]
    # another project's document through this project's address: not found
    r = local.delete(f"/api/v1/projects/DA00002/attachments/{world['attachment_a'].pk}/")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = local.delete(f"/api/v1/projects/DA00002/attachments/{letter.pk}/")
    assert r.status_code == 204, r.content
    # soft: off the list, the row and its file kept, the removal in the project's history
    listed = [a["id"] for a in local.get("/api/v1/projects/DA00002/attachments/").json()]
    assert listed == [budget.pk]
    letter.refresh_from_db()
    assert letter.removed_at is not None and letter.removed_by.username == "xa" and letter.file.storage.exists(
        letter.file.name)
    entry = AuditEntry.objects.filter(object_id=str(letter.project_id)).order_by("-pk").first()
    assert entry.summary.startswith("Gỡ tài liệu đính kèm") and entry.changes["_attachment_id"] == letter.pk
    r = local.delete(f"/api/v1/projects/DA00002/attachments/{letter.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 403 and r.json()["message"]  # already removed
    # the uploader's document is removed by centre staff too, but not once the project was submitted
    _attach(local, "DA00002", "request_letter")
    assert local.post("/api/v1/projects/DA00002/transitions/submit/", {}, format="json").status_code == 200
    r = centre.delete(f"/api/v1/projects/DA00002/attachments/{budget.pk}/")
    assert r.status_code == 403 and "Dự thảo hoặc Trả lại để sửa" in r.json()["message"]
    assert Attachment.objects.get(pk=budget.pk).removed_at is None
