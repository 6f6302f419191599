"""This year's demo projects, walked through the workflow by the demo users (project services, attachments
checked like any upload), so that every state of `projects.workflow` has a project to show; plus the programmes,
yearly plans and an illustrative funding rule."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khuyencong.demo import files
from khuyencong.geo.selectors import located_in_q, unit_get
from khuyencong.projects.models import AnnualPlan, AttachmentKind, FundingRule, Programme
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import project_create, project_transition
from khuyencong.registry.models import Establishment

M = 1_000_000
CENTRE = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội"
RULE_ITEM = "Máy móc tiên tiến, chuyển giao công nghệ (mẫu — nhập theo văn bản hiện hành)"

# title, the state it ends in, the steps that lead there
PROJECTS = [
    ("Hỗ trợ máy dệt tiên tiến cho HTX dệt may Phú Nghĩa", "draft", []),
    ("Máy sấy nông sản tiết kiệm năng lượng (đề nghị trùng nội dung, đã huỷ)", "cancelled", ["cancel"]),
    ("Ứng dụng máy sấy nông sản tiết kiệm năng lượng", "submitted", ["submit"]),
    ("Máy chẻ nan tre tự động cho cơ sở mây tre đan", "returned", ["submit", "return"]),
    ("Máy ép viên nén mùn cưa cho cơ sở chế biến gỗ", "under_appraisal", ["submit", "start_appraisal"]),
    ("Lò nung gốm bằng khí hoá lỏng (không phê duyệt)", "rejected", ["submit", "start_appraisal", "reject"]),
    ("Máy cưa CNC cho xưởng đồ gỗ mỹ nghệ", "approved", ["submit", "start_appraisal", "approve"]),
    ("Dây chuyền đóng gói sản phẩm mây tre", "in_progress", ["submit", "start_appraisal", "approve", "start"]),
    ("Máy thêu vi tính cho tổ hợp tác thêu ren", "change_requested",
     ["submit", "start_appraisal", "approve", "start", "request_change"]),
    ("Máy đánh bóng sơn mài (dừng do cơ sở giải thể)", "stopped",
     ["submit", "start_appraisal", "approve", "start", "stop"]),
    ("Máy cắt laser cho xưởng cơ khí nhỏ", "accepted",
     ["submit", "start_appraisal", "approve", "start", "accept"]),
    ("Máy dập khuôn nón lá", "settled", ["submit", "start_appraisal", "approve", "start", "accept", "settle"]),
]
COMMENTS = {"cancel": "Trùng nội dung với đề án đã nộp.", "return": "Bổ sung báo giá máy của ba nhà cung cấp.",
            "reject": "Nội dung không thuộc danh mục hỗ trợ của năm kế hoạch.",
            "request_change": "Đề nghị đổi model máy do nhà cung cấp ngừng sản xuất.",
            "stop": "Cơ sở thụ hưởng giải thể, không thể tiếp tục."}
DOCUMENTS = {"submit": [AttachmentKind.REQUEST_LETTER, AttachmentKind.BUDGET_ESTIMATE],
             "approve": [AttachmentKind.APPRAISAL_SHEET], "accept": [AttachmentKind.ACCEPTANCE_MINUTES],
             "settle": [AttachmentKind.SETTLEMENT]}


def programmes_and_plans() -> FundingRule:
    hanoi = unit_get(code="01")
    year = timezone.localdate().year
    programmes = {}
    for start in (2011, 2016, 2021, 2026):
        programmes[start], _ = Programme.objects.get_or_create(
            name=f"Chương trình khuyến công Hà Nội {start}–{start + 4}",
            defaults={"start_year": start, "end_year": start + 4, "scope_unit": hanoi})
    for plan_year in range(2021, year + 1):
        AnnualPlan.objects.get_or_create(
            year=plan_year, funding_source="local", scope_unit=hanoi,
            defaults={"programme": programmes[2021 if plan_year <= 2025 else 2026], "budget_ceiling": 45_000 * M,
                      "decision_number": f"{100 + plan_year % 100}/QĐ-UBND",
                      "decision_date": datetime.date(plan_year, 1, 15)})
    rule, _ = FundingRule.objects.get_or_create(
        activity="technology", item=RULE_ITEM,
        legal_basis="Ví dụ minh hoạ: thay bằng định mức hiện hành của Thành phố",
        defaults={"max_share_percent": 50, "max_amount": 300 * M, "amount_basis": "beneficiary",
                  "valid_from": datetime.date(2025, 1, 1)})
    return rule


# Short file names, as a person would name them (a long name would not wrap in the documents table on a phone).
FILE_NAMES = {AttachmentKind.REQUEST_LETTER: "don.pdf", AttachmentKind.BUDGET_ESTIMATE: "du-toan.pdf",
              AttachmentKind.APPRAISAL_SHEET: "tham-dinh.pdf", AttachmentKind.ACCEPTANCE_MINUTES: "bien-ban.pdf",
              AttachmentKind.SETTLEMENT: "quyet-toan.pdf"}


def _upload(kind: str, title: str, code: str) -> SimpleUploadedFile:
    body = files.pdf(f"{kind.label} - {code}", [title, "Du lieu mau - khong phai ho so that."])
    return SimpleUploadedFile(FILE_NAMES[kind], body, content_type="application/pdf")


def walk(users: dict, rule: FundingRule) -> int:
    """Create this year's projects in Xã Phú Nghĩa and move each to its state; the number made."""
    today = timezone.localdate()
    phu_nghia = unit_get(code="10030")
    local = list(Establishment.objects.filter(located_in_q(phu_nghia)).order_by("pk")[:12])
    officer, staff, approver = users["phunghia"], users["canbo"], users["lanhdao"]
    data_for = {
        "approve": {"approval_decision": "215/QĐ-KCHN", "approved_on": today, "approved_funds": 180 * M},
        "start": {"advances_paid": 100 * M},
        "accept": {"accepted_on": today, "jobs_created": 14, "actual_machines": 1},
        "settle": {"settled_on": today, "settled_funds": 175 * M},
    }
    actor_for = {"submit": officer, "cancel": officer, "request_change": officer, "start_appraisal": staff,
                 "return": staff, "start": staff}
    for index, (title, _state, steps) in enumerate(PROJECTS):
        code = f"KC-{today.year}-{index + 1:03d}"
        project = project_create(actor=officer, data={
            "code": code, "title": title, "activity": "technology", "funding_source": "local",
            "plan_year": today.year, "commune": phu_nghia, "estimated_cost": 500 * M, "requested_funds": 200 * M,
            "counterpart_funds": 300 * M, "expected_jobs": 15, "no_other_support": True, "funding_rule": rule,
            "machinery_condition": "new", "implementing_unit": CENTRE,
        }, beneficiaries=local[index % len(local): index % len(local) + 1] if local else [])
        for step in steps:
            for kind in DOCUMENTS.get(step, []):
                attachment_add(project=project, kind=kind, upload=_upload(kind, title, code),
                               actor={"submit": officer, "settle": approver}.get(step, staff))
            if step == "start":
                photo = SimpleUploadedFile("anh.png", files.png(seed=index), content_type="image/png")
                attachment_add(project=project, kind=AttachmentKind.OTHER, upload=photo, actor=staff)
            project.refresh_from_db()
            project_transition(project=project, transition=step, actor=actor_for.get(step, approver),
                               data=data_for.get(step, {}), comment=COMMENTS.get(step, ""))
    return len(PROJECTS)


SLIP_TITLE = "Bồi dưỡng quản lý doanh nghiệp, cơ sở CNNT: 35 lớp, 3.000 học viên (kinh phí nhập nhầm)"


def slip(users: dict) -> None:
    """A draft that repeats the slip of a published article (nearly 2 thousand billion đồng for 35 management
    classes, 57 billion a class), so the data-quality page has the flag an officer must check."""
    today = timezone.localdate()
    project_create(actor=users["canbo"], data={
        "code": f"KC-{today.year}-{len(PROJECTS) + 1:03d}", "title": SLIP_TITLE, "activity": "management",
        "funding_source": "local", "plan_year": today.year, "commune": unit_get(code="10030"),
        "estimated_cost": 1_995_000 * M, "requested_funds": 1_995_000 * M, "counterpart_funds": 0,
        "expected_trainees": 3_000, "no_other_support": True, "implementing_unit": CENTRE,
    }, beneficiaries=[])
