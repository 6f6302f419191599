"""The business rules named in workflow.py's `checks`. Each returns None, or (field, message).

`given` holds the values typed with the transition; `record` is what the transition row keeps
(a check may add to it, e.g. the priority or over-ceiling reason it accepted).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_date, format_number
from khuyencong.projects.funding import cap_check, plan_approved_total, rules_in_force
from khuyencong.projects.models import Activity, AnnualPlan, MachineryCondition, Project
from khuyencong.projects.workflow import FUNDED_STATES


def _money(value) -> str:
    return _("%s đồng") % format_number(value)


def requested_within_cost(project: Project, given, record):
    if project.requested_funds and project.estimated_cost and project.requested_funds > project.estimated_cost:
        return "__all__", _("Kinh phí đề nghị (%(req)s) lớn hơn tổng dự toán (%(cost)s).") % {
            "req": _money(project.requested_funds), "cost": _money(project.estimated_cost)}
    return None


def approved_within_request(project: Project, given, record):
    if project.requested_funds is not None and project.approved_funds > project.requested_funds:
        return "approved_funds", _("Kinh phí duyệt (%(appr)s) lớn hơn kinh phí đề nghị (%(req)s).") % {
            "appr": _money(project.approved_funds), "req": _money(project.requested_funds)}
    return None


def approved_within_cap(project: Project, given, record):
    check = cap_check(project, project.approved_on)
    if check.rule is None:
        if len(check.candidates) > 1:
            return "approved_funds", check.note
        record["cap_note"] = check.note
        return None
    record["funding_rule"] = str(check.rule)
    record["cap"] = check.cap
    if check.cap is None or project.approved_funds <= check.cap:
        return None
    if project.priority and project.priority_reason and check.priority_cap is not None \
            and project.approved_funds <= check.priority_cap:
        record["priority_reason"] = project.priority_reason
        record["priority_cap"] = check.priority_cap
        return None
    message = _("Kinh phí duyệt (%(appr)s) vượt định mức %(cap)s theo “%(rule)s”.") % {
        "appr": _money(project.approved_funds), "cap": _money(check.cap), "rule": check.rule}
    if project.priority and project.priority_reason:
        message += " " + _("Kể cả hệ số ưu tiên, mức tối đa là %s.") % _money(check.priority_cap)
    else:
        message += " " + _("Chỉ được vượt (tối đa %(p)s) khi đề án thuộc địa bàn/ngành ưu tiên, có ghi lý do.") % {
            "p": _money(check.priority_cap)}
    return "approved_funds", message


def plan_ceiling(project: Project, given, record):
    """Over the plan's ceiling is refused unless the approver writes why (then the reason is recorded)."""
    if not project.plan_id:
        return None
    plan = AnnualPlan.objects.select_for_update().get(pk=project.plan_id)
    if plan.budget_ceiling is None:
        return None
    total = plan_approved_total(project) + project.approved_funds
    if total <= plan.budget_ceiling:
        return None
    reason = given.get("ceiling_override_reason")
    if reason:
        record["ceiling_exceeded_by"] = total - plan.budget_ceiling
        return None
    return "ceiling_override_reason", _(
        "Tổng kinh phí duyệt của kế hoạch %(plan)s sẽ là %(total)s, vượt hạn mức %(ceiling)s. "
        "Ghi lý do (ví dụ: đã có quyết định điều chỉnh kế hoạch) nếu vẫn phê duyệt."
    ) % {"plan": plan, "total": _money(total), "ceiling": _money(plan.budget_ceiling)}


def approved_after_submitted(project: Project, given, record):
    if project.submitted_on and project.approved_on < project.submitted_on:
        return "approved_on", _("Ngày phê duyệt (%(a)s) trước ngày nộp đề án (%(s)s).") % {
            "a": format_date(project.approved_on), "s": format_date(project.submitted_on)}
    return None


def commitment_given(project: Project, given, record):
    """TTLT 26/2014, Điều 7: no other state support for the same cost item. Required at submission
    (workflow `project_fields`); checked again at approval (an imported or old record may lack it)."""
    if not project.no_other_support:
        return "__all__", _("Chưa có cam kết của đơn vị thụ hưởng rằng nội dung đề nghị hỗ trợ chưa được hỗ trợ "
                            "từ nguồn ngân sách nhà nước khác: không thể phê duyệt.")
    record["no_other_support"] = True
    return None


def machinery_is_new(project: Project, given, record):
    """TT 46/2012/TT-BCT, Điều 4: khuyến công funds support only new machinery (activity `technology`)."""
    if project.activity != Activity.TECHNOLOGY:
        return None
    condition = project.machinery_condition
    if not condition:
        return "machinery_condition", _("Đề án ứng dụng máy móc, chuyển giao công nghệ: ghi rõ máy móc, thiết bị "
                                        "được hỗ trợ là máy mới hay đã qua sử dụng.")
    if condition == MachineryCondition.USED:
        return "machinery_condition", _("Không phê duyệt: kinh phí khuyến công chỉ hỗ trợ máy móc, thiết bị mới, "
                                        "không hỗ trợ máy móc đã qua sử dụng (TT 46/2012/TT-BCT, Điều 4).")
    record["machinery_condition"] = condition
    return None


def overseas_fair_limit(project: Project, given, record):
    """At most N supported fairs abroad a year per establishment; N is `FundingRule.max_times_per_year` of
    the `products` rules in force on the approval day (the smallest if several). The year is the plan year."""
    if project.activity != Activity.PRODUCTS or not project.overseas_fair:
        return None

    day = project.approved_on or timezone.localdate()
    rule = (rules_in_force(Activity.PRODUCTS, day).filter(max_times_per_year__isnull=False)
            .order_by("max_times_per_year").first())
    if rule is None:
        record["overseas_fair_note"] = str(_("Chưa có quy định số lần hội chợ nước ngoài hiệu lực."))
        return None
    others = Project.objects.filter(
        activity=Activity.PRODUCTS, overseas_fair=True, plan_year=project.plan_year, state__in=FUNDED_STATES,
    ).exclude(pk=project.pk)
    over = []
    for establishment in project.beneficiaries.all():
        codes = list(others.filter(beneficiaries=establishment).order_by("code").values_list("code", flat=True))
        if len(codes) >= rule.max_times_per_year:
            over.append(_("%(est)s đã có %(n)s đề án (%(codes)s)") % {
                "est": establishment.code, "n": len(codes), "codes": ", ".join(codes)})
    if over:
        return "__all__", _(
            "Vượt số lần hỗ trợ hội chợ, triển lãm ở nước ngoài năm %(year)s: tối đa %(max)s lần/năm/cơ sở theo "
            "%(basis)s; %(list)s."
        ) % {"year": project.plan_year, "max": rule.max_times_per_year, "basis": rule.legal_basis,
             "list": "; ".join(str(o) for o in over)}
    record["overseas_fair_limit"] = rule.max_times_per_year
    return None


def advances_within_limit(project: Project, given, record):
    if project.approved_funds is not None and (project.advances_paid or 0) > project.approved_funds:
        return "advances_paid", _("Số tạm ứng (%(adv)s) vượt kinh phí được duyệt (%(appr)s).") % {
            "adv": _money(project.advances_paid), "appr": _money(project.approved_funds)}
    if project.approved_funds is None or not project.advances_paid:
        return None
    rule = cap_check(project).rule
    if rule is not None and rule.max_advance_percent is not None:
        limit = int(project.approved_funds * rule.max_advance_percent / 100)
        if project.advances_paid > limit:
            return "advances_paid", _(
                "Số tạm ứng (%(adv)s) vượt mức tạm ứng tối đa %(pct)s%% kinh phí được duyệt (%(limit)s) "
                "theo %(basis)s."
            ) % {"adv": _money(project.advances_paid), "pct": format_number(rule.max_advance_percent),
                 "limit": _money(limit), "basis": rule.legal_basis}
    return None


def accepted_after_approved(project: Project, given, record):
    if project.approved_on and project.accepted_on < project.approved_on:
        return "accepted_on", _("Ngày nghiệm thu (%(acc)s) trước ngày phê duyệt (%(appr)s).") % {
            "acc": format_date(project.accepted_on), "appr": format_date(project.approved_on)}
    if project.accepted_on > timezone.localdate():
        return "accepted_on", _("Ngày nghiệm thu không thể ở tương lai.")
    return None


def settled_within_approved(project: Project, given, record):
    if project.approved_funds is not None and project.settled_funds > project.approved_funds:
        return "settled_funds", _("Kinh phí quyết toán (%(s)s) vượt kinh phí được duyệt (%(a)s).") % {
            "s": _money(project.settled_funds), "a": _money(project.approved_funds)}
    return None


def settled_after_accepted(project: Project, given, record):
    if project.accepted_on and project.settled_on < project.accepted_on:
        return "settled_on", _("Ngày quyết toán (%(s)s) trước ngày nghiệm thu (%(a)s).") % {
            "s": format_date(project.settled_on), "a": format_date(project.accepted_on)}
    return None
