"""Builders for project tests: users of each role, a draft with its documents, walking it forward."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khuyencong.geo.selectors import unit_get
from khuyencong.projects.models import AnnualPlan, AttachmentKind, FundingRule, Project
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import project_create, project_transition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    main = "wordprocessingml.document.main" if kind == "docx" else "spreadsheetml.sheet.main"
    part = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", f'<Types><Override PartName="/{part}" ContentType="application/'
                                          f'vnd.openxmlformats-officedocument.{main}+xml"/></Types>')
        z.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(name="don.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # these tests create five users each: a fast hasher keeps the suite quick (login is tested in accounts)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def people(make_user):
    return {
        "local_officer": make_user("phunghia", role="local_officer", unit="10030"),
        "centre_staff": make_user("canbo", role="centre_staff", unit="01"),
        "approver": make_user("lanhdao", role="approver", unit="01"),
        "viewer": make_user("xem", role="viewer", unit="01"),
        "administrator": make_user("quantri", role="administrator", unit="01"),
        "editor": make_user("bientap", role="editor", unit="01"),
    }


@pytest.fixture
def commune(db):
    return unit_get(code="10030", hierarchy="current")


def draft_data(commune, **extra):
    data = {
        "code": "KC-2026-001", "title": "Hỗ trợ máy dệt tiên tiến cho HTX Phú Nghĩa", "activity": "technology",
        "funding_source": "local", "plan_year": 2026, "commune": commune, "estimated_cost": 600_000_000,
        "requested_funds": 180_000_000, "counterpart_funds": 420_000_000, "no_other_support": True,
        "machinery_condition": "new",
    }
    data.update(extra)
    return data


@pytest.fixture
def rule(db):
    return FundingRule.objects.create(
        activity="technology", item="Máy móc tiên tiến (thử)", max_share_percent=50, max_amount=200_000_000,
        amount_basis="model", legal_basis="Quyết định thử", valid_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def make_project(people, commune, rule):
    counter = iter(range(1, 10_000))

    def make(state="draft", **extra):
        officer = people["local_officer"]
        extra.setdefault("code", f"KC-2026-{next(counter):03d}")
        project = project_create(actor=officer, data=draft_data(commune, **extra))
        attachment_add(project=project, kind=AttachmentKind.REQUEST_LETTER, upload=upload(), actor=officer)
        attachment_add(project=project, kind=AttachmentKind.BUDGET_ESTIMATE,
                       upload=upload("du-toan.xlsx", office("xlsx")), actor=officer)
        walk(project, people, state)
        project.refresh_from_db()
        return project

    return make


TODAY = timezone.localdate()
STEPS = {
    "submitted": [("submit", "local_officer", {}, "")],
    "under_appraisal": [("start_appraisal", "centre_staff", {}, "")],
    "approved": [("approve", "approver", {"approval_decision": "123/QĐ-KC", "approved_on": TODAY,
                                          "approved_funds": 150_000_000}, "")],
    "in_progress": [("start", "centre_staff", {"advances_paid": 100_000_000}, "")],
    "accepted": [("accept", "approver", {"accepted_on": TODAY, "jobs_created": 12}, "")],
    "settled": [("settle", "approver", {"settled_on": TODAY, "settled_funds": 140_000_000}, "")],
}
ORDER = ["draft", "submitted", "under_appraisal", "approved", "in_progress", "accepted", "settled"]


def walk(project, people, state):
    """Fire the happy path up to `state`, uploading what each step needs."""
    if state not in ORDER:
        raise ValueError(state)
    for step in ORDER[1:ORDER.index(state) + 1]:
        for name, role, data, comment in STEPS[step]:
            project.refresh_from_db()
            project_transition(project=project, transition=name, actor=people[role], data=data, comment=comment)
        # the documents the next step needs are uploaded while the project waits for it
        if step == "under_appraisal":
            attachment_add(project=project, kind=AttachmentKind.APPRAISAL_SHEET, upload=upload("tham-dinh.pdf"),
                           actor=people["centre_staff"])
        if step == "in_progress":
            attachment_add(project=project, kind=AttachmentKind.ACCEPTANCE_MINUTES,
                           upload=upload("bb.docx", office("docx")), actor=people["centre_staff"])
        if step == "accepted":
            attachment_add(project=project, kind=AttachmentKind.SETTLEMENT, upload=upload("qt.pdf"),
                           actor=people["approver"])


@pytest.fixture
def plan(db):
    return AnnualPlan.objects.create(year=2026, funding_source="local", budget_ceiling=1_000_000_000)


__all__ = ["EXE", "JPEG", "PDF", "PNG", "Project", "office", "upload", "walk"]
