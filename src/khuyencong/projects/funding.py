"""Funding caps and the plan ceiling: which rule applies, what it allows, what the plan has left.

Cap of a project under a rule = the smaller of
  - max share % × estimated total cost, and
  - max amount × (number of beneficiaries when the rule counts per beneficiary, else 1),
each multiplied by the rule's priority multiplier (1.5×) when the project is marked priority with a
reason; the share never exceeds 100 %.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.projects.models import AmountBasis, FundingRule, Project
from khuyencong.projects.states import FUNDED_STATES


def rules_in_force(activity: str, day: datetime.date):
    return FundingRule.objects.filter(activity=activity, valid_from__lte=day).exclude(valid_to__lt=day)


def rules_for(activity: str, day: datetime.date):
    """The amount caps in force (a rule that only limits a count, e.g. fairs abroad per year, is not one)."""
    return rules_in_force(activity, day).exclude(max_share_percent__isnull=True, max_amount__isnull=True)


def rule_day(project: Project, data: dict | None = None) -> datetime.date:
    """The date a rule is looked up at: the approval date (given or recorded), else submission, else
    acceptance; without any of them, today, but never after the end of the plan year (an old imported
    project is measured against the rules of its own year)."""
    data = data or {}
    day = data.get("approved_on") or project.approved_on or project.submitted_on or project.accepted_on
    if day:
        return day
    today = timezone.localdate()
    return min(today, datetime.date(project.plan_year, 12, 31)) if project.plan_year else today


@dataclass
class CapCheck:
    rule: FundingRule | None
    candidates: list[FundingRule]
    cap: int | None           # without priority
    priority_cap: int | None  # with the multiplier
    note: str

    def allowed(self, priority: bool) -> int | None:
        return self.priority_cap if priority else self.cap


def _floor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_FLOOR))


def cap_under(rule: FundingRule, project: Project, *, multiplier: Decimal = Decimal(1)) -> int | None:
    limits = []
    if rule.max_share_percent is not None and project.estimated_cost is not None:
        share = min(Decimal(100), rule.max_share_percent * multiplier)
        limits.append(_floor(Decimal(project.estimated_cost) * share / 100))
    if rule.max_amount is not None:
        count = 1
        if rule.amount_basis == AmountBasis.BENEFICIARY and project.pk:
            count = max(1, project.beneficiaries.count())
        limits.append(_floor(Decimal(rule.max_amount) * count * multiplier))
    return min(limits) if limits else None


def cap_check(project: Project, day: datetime.date | None = None) -> CapCheck:
    """The rule that applies to the project on `day`, and the cap it gives."""
    day = day or rule_day(project)
    candidates = list(rules_for(project.activity, day))
    rule = None
    if project.funding_rule_id and project.funding_rule.applies_on(day):
        rule = project.funding_rule
    elif project.funding_rule_id:
        return CapCheck(None, candidates, None, None, _(
            "Hạng mục định mức đã chọn (%(rule)s) không có hiệu lực ngày %(day)s."
        ) % {"rule": project.funding_rule, "day": day.strftime("%d/%m/%Y")})
    elif len(candidates) == 1:
        rule = candidates[0]
    if rule is None:
        if not candidates:
            note = _("Chưa có định mức hỗ trợ hiệu lực ngày %(day)s cho nội dung này.") % {
                "day": day.strftime("%d/%m/%Y")}
        else:
            note = _("Có %(n)s hạng mục định mức cho nội dung này: chọn hạng mục của đề án.") % {"n": len(candidates)}
        return CapCheck(None, candidates, None, None, note)
    cap = cap_under(rule, project)
    priority_cap = cap_under(rule, project, multiplier=rule.priority_multiplier)
    return CapCheck(rule, candidates, cap, priority_cap, "")


def plan_approved_total(project: Project, *, exclude_self: bool = True) -> int:
    if not project.plan_id:
        return 0
    qs = Project.objects.filter(plan_id=project.plan_id, state__in=FUNDED_STATES)
    if exclude_self:
        qs = qs.exclude(pk=project.pk)
    return qs.aggregate(total=Sum("approved_funds"))["total"] or 0
