"""The business rules a transition row names in `checks`. Each is `check(project, given) -> CheckResult`.

`project` carries the values typed with the transition (the service sets them on its own locked copy);
`given` holds those values, and the ones that are not project fields (e.g. `ceiling_override_reason`).
A check only reads: what it wants kept on the transition row (the cap it applied, the reason it
accepted) it returns in `CheckResult.record`. A check whose inputs are missing passes: the missing
field is reported by the service as required, so every other rule can still be reported in the same pass.
"""

import dataclasses
from collections.abc import Callable, Mapping

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from khuyencong.core.formatting import format_date, format_number
from khuyencong.projects.funding import cap_check, plan_approved_total, rules_in_force
from khuyencong.projects.models import Activity, AnnualPlan, MachineryCondition, Project
from khuyencong.projects.states import FUNDED_STATES


@dataclasses.dataclass(frozen=True)
class CheckResult:
    ok: bool
    field: str = "__all__"
    message: str = ""
    # Values the transition row keeps when the check passes (the rule and cap applied, a reason accepted).
    record: Mapping = dataclasses.field(default_factory=dict)


def passed(**record) -> CheckResult:
    return CheckResult(True, record=record)


def failed(field_name: str, message: str) -> CheckResult:
    return CheckResult(False, field_name, message)


OK = passed()

Check = Callable[[Project, dict], CheckResult]


def _money(value) -> str:
    return _("%s đồng") % format_number(value)


def _label(name: str) -> str:
    return str(Project._meta.get_field(name).verbose_name)


def requested_within_cost(project: Project, given) -> CheckResult:
    if project.requested_funds and project.estimated_cost and project.requested_funds > project.estimated_cost:
        return failed("requested_funds", _(
            "Kinh phí đề nghị (%(req)s) lớn hơn tổng dự toán (%(cost)s): giảm kinh phí đề nghị hoặc sửa tổng dự toán."
        ) % {"req": _money(project.requested_funds), "cost": _money(project.estimated_cost)})
    return OK


def approved_within_request(project: Project, given) -> CheckResult:
    if project.requested_funds is not None and project.approved_funds is not None \
            and project.approved_funds > project.requested_funds:
        return failed("approved_funds", _("Kinh phí duyệt (%(appr)s) lớn hơn kinh phí đề nghị (%(req)s).") % {
            "appr": _money(project.approved_funds), "req": _money(project.requested_funds)})
    return OK


def approved_within_cap(project: Project, given) -> CheckResult:
    if project.approved_funds is None:
        return OK
    check = cap_check(project, project.approved_on)
    if check.rule is None:
        if len(check.candidates) > 1:
            return failed("approved_funds", check.note)
        return passed(cap_note=check.note)
    record = {"funding_rule": str(check.rule), "cap": check.cap}
    if check.cap is None or project.approved_funds <= check.cap:
        return passed(**record)
    if project.priority and project.priority_reason and check.priority_cap is not None \
            and project.approved_funds <= check.priority_cap:
        return passed(**record, priority_reason=project.priority_reason, priority_cap=check.priority_cap)
    message = _("Kinh phí duyệt (%(appr)s) vượt định mức %(cap)s theo “%(rule)s”.") % {
        "appr": _money(project.approved_funds), "cap": _money(check.cap), "rule": check.rule}
    if project.priority and project.priority_reason:
        message += " " + _("Kể cả hệ số ưu tiên, mức tối đa là %s.") % _money(check.priority_cap)
    else:
        message += " " + _("Chỉ được vượt (tối đa %(p)s) khi đề án thuộc địa bàn/ngành ưu tiên, có ghi lý do.") % {
            "p": _money(check.priority_cap)}
    return failed("approved_funds", message)


def plan_ceiling(project: Project, given) -> CheckResult:
    """Over the plan's ceiling is refused unless the approver writes why (then the reason is recorded)."""
    if not project.plan_id or project.approved_funds is None:
        return OK
    # Locked so that two approvals cannot both slip under the ceiling.
    plan = AnnualPlan.objects.select_for_update().get(pk=project.plan_id)
    if plan.budget_ceiling is None:
        return OK
    total = plan_approved_total(project) + project.approved_funds
    if total <= plan.budget_ceiling:
        return OK
    if given.get("ceiling_override_reason"):
        return passed(ceiling_exceeded_by=total - plan.budget_ceiling)
    return failed("ceiling_override_reason", _(
        "Tổng kinh phí duyệt của kế hoạch %(plan)s sẽ là %(total)s, vượt hạn mức %(ceiling)s. "
        "Ghi lý do (ví dụ: đã có quyết định điều chỉnh kế hoạch) nếu vẫn phê duyệt."
    ) % {"plan": plan, "total": _money(total), "ceiling": _money(plan.budget_ceiling)})


def decision_date(name: str, *, not_before: str) -> Check:
    """A date written on a decision or minutes: not before the date `not_before` names, not after today.
    Every message names both dates and the days the date may take."""

    def check(project: Project, given) -> CheckResult:
        value, earlier, today = getattr(project, name), getattr(project, not_before), timezone.localdate()
        if value is None:
            return OK
        dates = {"label": capfirst(_label(name)), "value": format_date(value), "today": format_date(today),
                 "earlier_label": _label(not_before), "earlier": format_date(earlier)}
        if earlier is not None and earlier > today:
            # The earlier date was itself written in the future: no date can satisfy both rules until it is fixed.
            return failed(name, _(
                "%(label)s phải từ %(earlier_label)s (%(earlier)s) đến hôm nay (%(today)s), nhưng %(earlier_label)s "
                "đã ghi ở sau hôm nay: chờ đến ngày đó, hoặc đề nghị điều chỉnh để ghi lại %(earlier_label)s "
                "đúng ngày đã ký."
            ) % dates)
        if value > today:
            if earlier is None:
                return failed(name, _(
                    "%(label)s (%(value)s) ở sau hôm nay (%(today)s): ghi ngày đã ký, không ghi ngày trong tương lai."
                ) % dates)
            return failed(name, _(
                "%(label)s (%(value)s) ở sau hôm nay (%(today)s): ghi ngày đã ký, từ %(earlier_label)s "
                "(%(earlier)s) đến hôm nay."
            ) % dates)
        if earlier is not None and value < earlier:
            return failed(name, _(
                "%(label)s (%(value)s) trước %(earlier_label)s (%(earlier)s): ghi ngày từ %(earlier)s "
                "đến hôm nay (%(today)s)."
            ) % dates)
        return OK

    check.__name__ = check.__qualname__ = f"decision_date_{name}"
    return check


def commitment_given(project: Project, given) -> CheckResult:
    """TTLT 26/2014, Điều 7: no other state support for the same cost item. Required at submission
    (workflow `project_fields`); checked again at approval (an imported or old record may lack it)."""
    if not project.no_other_support:
        return failed("__all__", _("Chưa có cam kết của đơn vị thụ hưởng rằng nội dung đề nghị hỗ trợ chưa được hỗ "
                                   "trợ từ nguồn ngân sách nhà nước khác: không thể phê duyệt."))
    return passed(no_other_support=True)


def machinery_is_new(project: Project, given) -> CheckResult:
    """TT 46/2012/TT-BCT, Điều 4: khuyến công funds support only new machinery (activity `technology`)."""
    if project.activity != Activity.TECHNOLOGY:
        return OK
    condition = project.machinery_condition
    if not condition:
        return failed("machinery_condition", _("Đề án ứng dụng máy móc, chuyển giao công nghệ: ghi rõ máy móc, thiết "
                                               "bị được hỗ trợ là máy mới hay đã qua sử dụng."))
    if condition == MachineryCondition.USED:
        return failed("machinery_condition", _("Không phê duyệt: kinh phí khuyến công chỉ hỗ trợ máy móc, thiết bị "
                                               "mới, không hỗ trợ máy móc đã qua sử dụng (TT 46/2012/TT-BCT, Điều 4)."))
    return passed(machinery_condition=condition)


def overseas_fair_limit(project: Project, given) -> CheckResult:
    """At most N supported fairs abroad a year per establishment; N is `FundingRule.max_times_per_year` of
    the `products` rules in force on the approval day (the smallest if several). The year is the plan year."""
    if project.activity != Activity.PRODUCTS or not project.overseas_fair:
        return OK

    day = project.approved_on or timezone.localdate()
    rule = (rules_in_force(Activity.PRODUCTS, day).filter(max_times_per_year__isnull=False)
            .order_by("max_times_per_year").first())
    if rule is None:
        return passed(overseas_fair_note=str(_("Chưa có quy định số lần hội chợ nước ngoài hiệu lực.")))
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
        return failed("__all__", _(
            "Vượt số lần hỗ trợ hội chợ, triển lãm ở nước ngoài năm %(year)s: tối đa %(max)s lần/năm/cơ sở theo "
            "%(basis)s; %(list)s."
        ) % {"year": project.plan_year, "max": rule.max_times_per_year, "basis": rule.legal_basis,
             "list": "; ".join(str(o) for o in over)})
    return passed(overseas_fair_limit=rule.max_times_per_year)


def advances_within_limit(project: Project, given) -> CheckResult:
    if project.approved_funds is not None and (project.advances_paid or 0) > project.approved_funds:
        return failed("advances_paid", _("Số tạm ứng (%(adv)s) vượt kinh phí được duyệt (%(appr)s).") % {
            "adv": _money(project.advances_paid), "appr": _money(project.approved_funds)})
    if project.approved_funds is None or not project.advances_paid:
        return OK
    rule = cap_check(project).rule
    if rule is not None and rule.max_advance_percent is not None:
        limit = int(project.approved_funds * rule.max_advance_percent / 100)
        if project.advances_paid > limit:
            return failed("advances_paid", _(
                "Số tạm ứng (%(adv)s) vượt mức tạm ứng tối đa %(pct)s%% kinh phí được duyệt (%(limit)s) "
                "theo %(basis)s."
            ) % {"adv": _money(project.advances_paid), "pct": format_number(rule.max_advance_percent),
                 "limit": _money(limit), "basis": rule.legal_basis})
    return OK


def settled_within_approved(project: Project, given) -> CheckResult:
    if project.approved_funds is not None and project.settled_funds is not None \
            and project.settled_funds > project.approved_funds:
        return failed("settled_funds", _("Kinh phí quyết toán (%(s)s) vượt kinh phí được duyệt (%(a)s).") % {
            "s": _money(project.settled_funds), "a": _money(project.approved_funds)})
    return OK

