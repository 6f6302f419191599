"""Who may see and enter what: `can_<action>(user, obj) -> (allowed, reason)`, the reason shown to the user.

A unit is within a user's area when all its communes lie in the communes their roles cover, in either
hierarchy (`accounts.scoping.scope_commune_ids`, the sets behind `geo.selectors.located_in_q`): Hanoi's staff
(current 01) cover old Hanoi (legacy 01) and its old districts; an old-district officer covers the current
communes that succeeded its communes, not today's whole province.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import ALLOWED, Decision, has_role, require_role
from khuyencong.accounts.scoping import scope_commune_ids, visible, visible_q
from khuyencong.geo.models import AdminUnit, Level
from khuyencong.geo.selectors import unit_subtree
from khuyencong.indicators.models import DataValue, FlagState, QualityFlag, ValueState
from khuyencong.projects.models import Project
from khuyencong.registry.models import CraftVillageYear
from khuyencong.training.models import TrainingClass

VIEW_ROLES = tuple(Role.values)
# Reported data are entered by the Centre and by local officers for their own units, and approved by approvers.
ENTRY_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LOCAL_OFFICER)
APPROVER_ROLES = (Role.APPROVER,)
TARGET_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF)
# A data-quality flag is marked checked by the officers who enter the data of its unit and by approvers.
CHECK_ROLES = (Role.ADMINISTRATOR, Role.CENTRE_STAFF, Role.LOCAL_OFFICER, Role.APPROVER)
FLAG_TARGETS = (("training_class", TrainingClass), ("project", Project), ("village_year", CraftVillageYear))


def unit_in_scope(user, unit: AdminUnit | None, *, roles=None) -> bool:
    """Whether `unit` (None: the whole country) lies within the units of `user`'s roles (`roles`: only those)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    allowed = scope_commune_ids(user, roles=roles)
    if allowed is None:
        return True
    if unit is None:
        return False
    own = [unit.pk] if unit.level == Level.COMMUNE else list(
        unit_subtree(unit, level=Level.COMMUNE).values_list("pk", flat=True))
    return bool(own) and set(own) <= allowed


def visible_unit_ids(user, *, roles=None) -> set[int] | None:
    """Every unit (any level, either hierarchy) within `user`'s area, for filtering reported values and
    targets in one query; None when they cover the whole country."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    allowed = scope_commune_ids(user, roles=roles)
    if allowed is None:
        return None
    rows = list(AdminUnit.objects.filter(pk__in=allowed).values_list("province_id", "district_id"))
    candidates = {pk for row in rows for pk in row if pk is not None}
    below: dict[int, set[int]] = {pk: set() for pk in candidates}
    communes = AdminUnit.objects.filter(level=Level.COMMUNE).filter(
        Q(province__in=candidates) | Q(district__in=candidates)).values_list("pk", "province_id", "district_id")
    for pk, province, district in communes:
        for parent in (province, district):
            if parent in below:
                below[parent].add(pk)
    return set(allowed) | {pk for pk, own in below.items() if own and own <= allowed}


def _outside(unit) -> Decision:
    return False, _("%(unit)s nằm ngoài địa bàn bạn được giao.") % {"unit": unit.label if unit else _("Toàn quốc")}


def can_view_indicators(user, obj=None) -> Decision:
    """The indicator pages at all (every role reads them; which units is `can_view_unit`)."""
    return require_role(user, *VIEW_ROLES, action=_("xem chỉ tiêu"))


def can_view_unit(user, unit: AdminUnit | None) -> Decision:
    """Figures of `unit` (None: the whole country): only for a unit within the user's area."""
    decision = can_view_indicators(user)
    if decision[0] and not unit_in_scope(user, unit):
        return _outside(unit)
    return decision


def _unit_of(obj):
    return obj.unit if isinstance(obj, DataValue) else obj


def can_enter_data(user, obj=None) -> Decision:
    """Enter or change a reported value (obj: the unit, or the DataValue). An approved value is locked."""
    decision = require_role(user, *ENTRY_ROLES, action=_("nhập số liệu báo cáo"))
    if not decision[0]:
        return decision
    unit = _unit_of(obj)
    if unit is not None and not unit_in_scope(user, unit, roles=ENTRY_ROLES):
        return _outside(unit)
    if isinstance(obj, DataValue) and obj.is_locked:
        return False, locked_reason(obj)
    return ALLOWED


def locked_reason(value: DataValue) -> str:
    who = value.approved_by or _("lãnh đạo")
    return _("Số liệu đã được %(who)s duyệt nên bị khoá; muốn sửa, nhờ %(role)s mở khoá (ghi lý do).") % {
        "who": who, "role": Role.APPROVER.label}


def can_submit_value(user, value: DataValue) -> Decision:
    decision = can_enter_data(user, value)
    if decision[0] and value.state != ValueState.DRAFT:
        return False, _("Chỉ gửi duyệt được số liệu đang là bản nháp.")
    return decision


def _approver(user, value: DataValue, action: str) -> Decision:
    decision = require_role(user, *APPROVER_ROLES, action=action)
    if decision[0] and not unit_in_scope(user, value.unit, roles=APPROVER_ROLES):
        return _outside(value.unit)
    return decision


def can_approve_value(user, value: DataValue) -> Decision:
    decision = _approver(user, value, _("duyệt số liệu báo cáo"))
    if decision[0] and value.state != ValueState.SUBMITTED:
        return False, _("Chỉ duyệt được số liệu đã gửi duyệt.")
    return decision


def can_unlock_value(user, value: DataValue) -> Decision:
    decision = _approver(user, value, _("mở khoá số liệu đã duyệt"))
    if decision[0] and value.state != ValueState.APPROVED:
        return False, _("Số liệu chưa được duyệt, không cần mở khoá.")
    return decision


def can_edit_targets(user, unit: AdminUnit | None = None) -> Decision:
    decision = require_role(user, *TARGET_ROLES, action=_("đặt mục tiêu"))
    if decision[0] and unit is not None and not unit_in_scope(user, unit, roles=TARGET_ROLES):
        return _outside(unit)
    return decision


def is_approver(user) -> bool:
    return has_role(user, *APPROVER_ROLES)


def flag_scope_q(user, *, roles=None) -> Q | None:
    """The data-quality flags `user` may see (through `roles`: only those): a flag is placed by its record (the one
    scope rule: `visible` of the record's model, as a semi-join, so only the user's own records are read); a
    reported value's flag by the value's unit, within the user's area. None: every flag."""
    if visible_q(Project, user, roles=roles) is None:
        return None  # the whole country (and so every unit too)
    combined = Q(data_value__unit__in=visible_unit_ids(user, roles=roles) or [])
    for target, model in FLAG_TARGETS:
        combined |= Q(**{f"{target}__in": visible(model, user, roles=roles).order_by().values("pk")})
    return combined


def can_view_quality(user, obj=None) -> Decision:
    return require_role(user, *VIEW_ROLES, action=_("xem chất lượng số liệu"))


def checkable_flag_ids(user, flags) -> set[int]:
    """Which of these flags `user` may mark checked (one query): the list's "Kiểm tra" links."""
    if not has_role(user, *CHECK_ROLES):
        return set()
    ids = {flag.pk for flag in flags if flag.state == FlagState.OPEN}
    where = flag_scope_q(user, roles=CHECK_ROLES)
    if where is None or not ids:
        return ids
    return set(QualityFlag.objects.filter(where, pk__in=ids).values_list("pk", flat=True))


def can_check_flag(user, flag: QualityFlag) -> Decision:
    """Mark a flag "đã kiểm tra": officers of the flag's unit and approvers, an open flag only."""
    decision = require_role(user, *CHECK_ROLES, action=_("đánh dấu đã kiểm tra cảnh báo số liệu"))
    if not decision[0]:
        return decision
    where = flag_scope_q(user, roles=CHECK_ROLES)
    if where is not None and not QualityFlag.objects.filter(where, pk=flag.pk).exists():
        return False, _("Cảnh báo này thuộc đơn vị nằm ngoài địa bàn bạn được giao với vai trò kiểm tra số liệu.")
    if flag.state != FlagState.OPEN:
        return False, _("Chỉ đánh dấu được cảnh báo chưa kiểm tra.")
    return ALLOWED
