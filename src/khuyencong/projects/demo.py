"""Demo: two programmes, their plans, historical projects (imported) and current ones walked through
the workflow by the demo users, on registry establishments when there are any."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.geo.selectors import located_in_q, unit_get
from khuyencong.imports.services.runs import import_rows
from khuyencong.projects.models import AnnualPlan, AttachmentKind, FundingRule, Programme, Project
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import project_create, project_transition
from khuyencong.registry.models import Establishment

PDF = b"%PDF-1.4\n% Khuyen cong demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
M = 1_000_000

HISTORY = [
    {"code": "KC-2013-001", "title": "Truyền nghề mây tre đan xuất khẩu xã Phú Nghĩa", "activity": "training",
     "funding_source": "local", "plan_year": 2013, "commune_code": "10033", "approved_funds": 95 * M,
     "settled_funds": 93 * M, "counterpart_funds": 20 * M, "status": "settled", "accepted_on": "15/11/2013",
     "jobs_created": 60},
    {"code": "KC-2014-007", "title": "Mô hình trình diễn máy chế biến gỗ", "activity": "technology",
     "funding_source": "national", "plan_year": 2014, "commune_code": "10033", "approved_funds": 450 * M,
     "settled_funds": 450 * M, "counterpart_funds": 1100 * M, "status": "settled", "accepted_on": "02/12/2014",
     "jobs_created": 25},
    {"code": "KC-2015-012", "title": "Hội chợ hàng thủ công mỹ nghệ Hà Nội 2015", "activity": "products",
     "funding_source": "local", "plan_year": 2015, "approved_funds": 800 * M, "settled_funds": 760 * M,
     "status": "settled", "accepted_on": "20/12/2015"},
    {"code": "KC-2018-004", "title": "Tư vấn thiết kế mẫu gốm Bát Tràng", "activity": "advice",
     "funding_source": "local", "plan_year": 2018, "approved_funds": 35 * M, "status": "stopped"},
]


def _doc(name):
    return SimpleUploadedFile(name, PDF)


def seed(stdout) -> None:
    if Project.objects.filter(code__startswith="KC-").exists():
        stdout.write("Đề án mẫu: đã có, bỏ qua.")
        return
    users = {u.username: u for u in User.objects.filter(username__in=["canbo", "lanhdao", "phunghia"])}
    if len(users) < 3:
        stdout.write("Đề án mẫu: thiếu tài khoản mẫu (canbo, lanhdao, phunghia), bỏ qua.")
        return
    hanoi = unit_get(code="01")
    with transaction.atomic():
        Programme.objects.get_or_create(name="Chương trình khuyến công Hà Nội 2011–2015",
                                        defaults={"start_year": 2011, "end_year": 2015, "scope_unit": hanoi})
        p2016, _ = Programme.objects.get_or_create(name="Chương trình khuyến công Hà Nội 2016–2020",
                                                   defaults={"start_year": 2016, "end_year": 2020, "scope_unit": hanoi})
        p2026, _ = Programme.objects.get_or_create(name="Chương trình khuyến công Hà Nội 2026–2030",
                                                   defaults={"start_year": 2026, "end_year": 2030, "scope_unit": hanoi})
        year = timezone.localdate().year
        for y, programme in ((2018, p2016), (year, p2026)):
            AnnualPlan.objects.get_or_create(
                year=y, funding_source="local", scope_unit=hanoi,
                defaults={"programme": programme, "budget_ceiling": 5_000 * M,
                          "decision_number": f"{100 + y % 100}/QĐ-UBND", "decision_date": datetime.date(y, 1, 15)})
        result = import_rows(kind="projects", rows=HISTORY, user=users["canbo"], hierarchy="legacy", mode="create")
        if not result.ok:
            raise RuntimeError(result.errors)
        # A current rule the administrator would enter (illustrative figures, not the text of TT 28/2018).
        rule, _ = FundingRule.objects.get_or_create(
            activity="technology", item="Máy móc tiên tiến, chuyển giao công nghệ (mẫu — nhập theo văn bản hiện hành)",
            legal_basis="Ví dụ minh hoạ: thay bằng định mức hiện hành của Thành phố",
            defaults={"max_share_percent": 50, "max_amount": 300 * M, "amount_basis": "beneficiary",
                      "valid_from": datetime.date(2025, 1, 1)})


    phu_nghia = unit_get(code="10030")
    # beneficiaries from the registry demo, in Phú Nghĩa when there are some there
    local = Establishment.objects.filter(located_in_q(phu_nghia)).order_by("pk")
    establishments = list(local[:5]) or list(Establishment.objects.order_by("pk")[:5])
    officer, staff, approver = users["phunghia"], users["canbo"], users["lanhdao"]
    today = timezone.localdate()
    plan = [
        ("KC-{y}-001", "Hỗ trợ máy dệt tiên tiến cho HTX dệt may Phú Nghĩa", "draft"),
        ("KC-{y}-002", "Ứng dụng máy sấy nông sản tiết kiệm năng lượng", "submitted"),
        ("KC-{y}-003", "Máy ép viên nén mùn cưa cho cơ sở chế biến gỗ", "under_appraisal"),
        ("KC-{y}-004", "Dây chuyền đóng gói sản phẩm mây tre", "in_progress"),
        ("KC-{y}-005", "Máy cắt laser cho xưởng cơ khí nhỏ", "settled"),
    ]
    for index, (code, title, target) in enumerate(plan):
        project = project_create(actor=officer, data={
            "code": code.format(y=today.year), "title": title, "activity": "technology", "funding_source": "local",
            "plan_year": today.year, "commune": phu_nghia, "estimated_cost": 500 * M, "requested_funds": 200 * M,
            "counterpart_funds": 300 * M, "expected_jobs": 15, "no_other_support": True, "funding_rule": rule,
            "machinery_condition": "new",
            "implementing_unit": "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
        }, beneficiaries=establishments[index % len(establishments): index % len(establishments) + 1]
            if establishments else [])
        if target == "draft":
            continue
        for kind in (AttachmentKind.REQUEST_LETTER, AttachmentKind.BUDGET_ESTIMATE):
            attachment_add(project=project, kind=kind, upload=_doc(f"{kind}.pdf"), actor=officer)
        steps = [("submit", officer, {}), ("start_appraisal", staff, {}),
                 ("approve", approver, {"approval_decision": "215/QĐ-KCHN", "approved_on": today,
                                        "approved_funds": 180 * M}),
                 ("start", staff, {"advances_paid": 100 * M}),
                 ("accept", approver, {"accepted_on": today, "jobs_created": 14, "actual_machines": 1}),
                 ("settle", approver, {"settled_on": today, "settled_funds": 175 * M})]
        stop_after = {"submitted": "submit", "under_appraisal": "start_appraisal", "in_progress": "start",
                      "settled": "settle"}[target]
        for name, actor, data in steps:
            if name == "approve":
                attachment_add(project=project, kind=AttachmentKind.APPRAISAL_SHEET, upload=_doc("tham-dinh.pdf"),
                               actor=staff)
            if name == "accept":
                attachment_add(project=project, kind=AttachmentKind.ACCEPTANCE_MINUTES, upload=_doc("bb.pdf"),
                               actor=staff)
            if name == "settle":
                attachment_add(project=project, kind=AttachmentKind.SETTLEMENT, upload=_doc("qt.pdf"), actor=approver)
            project.refresh_from_db()
            project_transition(project=project, transition=name, actor=actor, data=data)
            if name == stop_after:
                break
    stdout.write(f"Đề án mẫu: {Project.objects.count()} đề án (4 nhập từ dữ liệu cũ, 5 năm {today.year}).")
