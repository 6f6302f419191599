"""Writes for training classes, their rosters and employment follow-ups.

Each service is keyword-only, runs in one transaction, validates before writing (a ValidationError
with a Vietnamese message, keyed by field where there is one) and writes its audit rows in the same
transaction. Nothing is written halfway: a roster of 40 lines with one bad line adds nobody.
Personal data (ID numbers, birth years) never goes into the audit log in clear.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import require_visible, unsaved_scope
from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.codes import code_allocate
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import Craft
from khuyencong.registry.services import craft_for_name
from khuyencong.training.models import OUTPUT_ACTIVITIES, ClassStatus, FollowUp, TrainingClass
from khuyencong.training.permissions import EDITOR_ROLES, can_edit_training

# A class larger than this needs an explicit confirmation (a typo such as 1200 for 120 is likely).
MAX_CLASS_SIZE = 200
# A trainee younger or older than this at the class's start gets a warning, not a refusal.
MIN_TRAINEE_AGE = 15
MAX_TRAINEE_AGE = 80

PERSONAL_FIELDS = ("id_number", "birth_year")
# A class created without a code gets the next LH-<year it starts>-0001.
CODE_PREFIX, CODE_WIDTH = "LH", 4




def _today() -> datetime.date:
    return timezone.localdate()


def project_problem(project) -> str | None:
    if project is not None and project.activity not in OUTPUT_ACTIVITIES:
        return _(
            "Đề án %(code)s có nội dung “%(activity)s”: chỉ đề án đào tạo nghề, nâng cao năng lực quản lý "
            "hoặc chuyển giao công nghệ mới có lớp đào tạo hay cấy nghề."
        ) % {"code": project.code, "activity": project.get_activity_display()}
    return None


def _check_project(project) -> None:
    problem = project_problem(project)
    if problem:
        raise ValidationError({"project": problem})


def edit_scope_problem(actor, commune, *, reason: str, model=TrainingClass) -> str | None:
    """Before saving (a form's check): a commune outside the units where the actor records training. The
    service decides again on the saved record (`can_edit_training` / `can_edit_transplant`)."""
    if actor is None or commune is None or getattr(actor, "is_superuser", False):
        return None
    allowed = unsaved_scope(model, actor, roles=EDITOR_ROLES).communes
    return None if allowed is None or commune.pk in allowed else reason


def ensure_scope(actor, decision, *, field: str) -> None:
    """Inside the service's transaction, after saving: a record the actor may not edit there is refused and
    nothing is kept. `actor=None` (and the command-line SYSTEM actor) is not limited."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    allowed, reason = decision
    if not allowed:
        raise ValidationError({field: reason})


def class_size_problem(count: int | None, *, confirm_large: bool, what: str) -> str | None:
    """The sane-class-size rule (pure: the pages, the roster and the import kind use it)."""
    if count is not None and count > MAX_CLASS_SIZE and not confirm_large:
        return _(
            "%(what)s %(n)d học viên, nhiều hơn %(max)d của một lớp thông thường. Kiểm tra lại số liệu, "
            "hoặc đánh dấu ô “Xác nhận lớp trên %(max)d học viên” nếu đúng."
        ) % {"what": what, "n": count, "max": MAX_CLASS_SIZE}
    return None


def _check_size(count: int | None, *, confirm_large: bool, field_name: str, what: str) -> None:
    problem = class_size_problem(count, confirm_large=confirm_large, what=what)
    if problem:
        raise ValidationError({field_name: problem})


FOLLOW_UP_AFTER_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31/08 + 6 months = 28/02 or 29/02)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_links(actor, *, village=None, project=None) -> None:
    """A class or transplant links only a village and a project the actor may see (the message of an unknown code
    otherwise): a crafted POST naming another unit's record writes nothing."""
    require_visible(actor, [village], field="village", what=_("làng"))
    require_visible(actor, [project], field="project", what=_("đề án"))


def class_problems(*, actor=None, code: str = "", commune=None, village=None, start_date=None, end_date=None,
                   project=None, planned_trainees=None, confirm_large: bool = False, exclude_pk=None) -> dict:
    """Every rule of a class that needs no saved record, as {field: message}: the form shows them together
    with its own field errors, the services refuse them together."""
    code = (code or "").strip()
    errors = {}
    if code and TrainingClass.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        errors["code"] = _("Mã lớp “%(code)s” đã được dùng cho lớp khác.") % {"code": code}
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("Ngày kết thúc (%(end)s) trước ngày khai giảng (%(start)s).") % {
            "end": end_date.strftime("%d/%m/%Y"), "start": start_date.strftime("%d/%m/%Y")}
    if village is not None and commune is not None and village.commune_id != commune.pk:
        errors["village"] = _("Làng %(v)s không thuộc xã/phường nơi mở lớp (%(c)s).") % {
            "v": village, "c": commune}
    problems = {
        "project": project_problem(project),
        "planned_trainees": class_size_problem(planned_trainees, confirm_large=confirm_large,
                                               what=_("Lớp dự kiến")),
        "commune": edit_scope_problem(actor, commune, reason=_(
            "Lớp này nằm ngoài địa bàn bạn được giao ghi nhận đào tạo.")),
    }
    errors |= {name: problem for name, problem in problems.items() if problem}
    return errors


def _class_problems(obj: TrainingClass, *, actor, confirm_large: bool) -> dict:
    return class_problems(actor=actor, code=obj.code, commune=obj.commune, village=obj.village,
                          start_date=obj.start_date, end_date=obj.end_date, project=obj.project,
                          planned_trainees=obj.planned_trainees, confirm_large=confirm_large, exclude_pk=obj.pk)


CLASS_FIELDS = ("name", "kind", "craft", "commune", "village", "start_date", "end_date", "teachers",
                "planned_trainees", "project", "cost")


@transaction.atomic
def class_create(*, actor, kind: str, craft: Craft | str, commune, start_date: datetime.date,
                 end_date: datetime.date, code: str = "", name: str = "", village=None, teachers: str = "",
                 planned_trainees: int | None = None, project=None, cost: int | None = None,
                 confirm_large: bool = False) -> TrainingClass:
    """Plan a class; without a code it gets the next LH-<start year>-0001. Refused (nothing kept) when the
    actor does not record training in its commune. A craft given by name is added to the catalogue when new."""
    craft = craft if isinstance(craft, Craft) else craft_for_name(craft)
    obj = TrainingClass(
        code=code.strip(), name=name.strip(), kind=kind, craft=craft, commune=commune, village=village,
        start_date=start_date, end_date=end_date, teachers=teachers.strip(), planned_trainees=planned_trainees,
        project=project, cost=cost, created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    check_links(actor, village=village, project=project)
    errors = _class_problems(obj, actor=actor, confirm_large=confirm_large)
    if errors:
        raise ValidationError(errors)
    if not obj.code:
        obj.code = code_allocate(model=TrainingClass, prefix=CODE_PREFIX, width=CODE_WIDTH, year=start_date.year)
    obj.follow_up_due_on = add_months(obj.end_date, FOLLOW_UP_AFTER_MONTHS)
    apply_derived(obj)
    obj.full_clean()
    obj.save()
    ensure_scope(actor, can_edit_training(actor, obj), field="commune")
    audit_record(actor=actor, obj=obj, action=AuditAction.CREATE, changes=diff({}, snapshot(obj)),
                 summary=_("Tạo lớp %(code)s") % {"code": obj.code})
    return obj


@transaction.atomic
def class_update(*, actor, training_class: TrainingClass, confirm_large: bool = False, **changes) -> TrainingClass:
    unknown = set(changes) - set(CLASS_FIELDS) - {"code"}
    if unknown:
        raise TypeError(f"class_update: unknown fields {sorted(unknown)}")
    obj = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    ensure_scope(actor, can_edit_training(actor, obj), field="commune")
    before = snapshot(obj)
    if "code" in changes and not (changes["code"] or "").strip():
        changes.pop("code")  # an emptied code keeps the class's own
    if isinstance(changes.get("craft"), str):
        changes["craft"] = craft_for_name(changes["craft"])
    # the village and project a class already has stay, even outside the actor's scope; new ones must be in it
    check_links(actor, **{name: changes[name] for name in ("village", "project")
                          if changes.get(name) is not None and changes[name].pk != getattr(obj, f"{name}_id")})
    for name, value in changes.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    errors = _class_problems(obj, actor=actor, confirm_large=confirm_large)
    if "end_date" not in errors and obj.status == ClassStatus.COMPLETED and obj.end_date > _today():
        errors["end_date"] = _("Lớp đã kết thúc: ngày kết thúc không thể ở tương lai.")
    early = FollowUp.objects.filter(trainee__training_class=obj, date__lt=obj.end_date).order_by("date").first()
    if "end_date" not in errors and early:
        errors["end_date"] = _(
            "Đã có theo dõi việc làm ngày %(d)s, trước ngày kết thúc mới: ngày kết thúc phải trước mọi lần theo dõi."
        ) % {"d": early.date.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    obj.follow_up_due_on = add_months(obj.end_date, FOLLOW_UP_AFTER_MONTHS)
    apply_derived(obj)
    obj.full_clean()
    obj.save()
    ensure_scope(actor, can_edit_training(actor, obj), field="commune")
    changed = diff(before, snapshot(obj))
    if changed:
        audit_record(actor=actor, obj=obj, action=AuditAction.UPDATE, changes=changed,
                     summary=_("Sửa lớp %(code)s") % {"code": obj.code})
    return obj


@transaction.atomic
def class_complete(*, actor, training_class: TrainingClass, completed_on: datetime.date | None = None) -> TrainingClass:
    """Close the class: it has ended. Its completing trainees are those marked on the roster."""
    obj = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if obj.status == ClassStatus.COMPLETED:
        raise ValidationError(_("Lớp %(code)s đã được xác nhận kết thúc.") % {"code": obj.code})
    if obj.end_date > _today():
        raise ValidationError(_("Lớp kết thúc ngày %(end)s, chưa thể xác nhận kết thúc.")
                              % {"end": obj.end_date.strftime("%d/%m/%Y")})
    if not obj.trainees.exists():
        raise ValidationError(_("Lớp chưa có học viên nào: hãy nhập danh sách học viên trước."))
    before = snapshot(obj)
    obj.status = ClassStatus.COMPLETED
    obj.completed_on = completed_on or _today()
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, obj=obj, action=AuditAction.UPDATE, changes=diff(before, snapshot(obj)),
                 summary=_("Xác nhận kết thúc lớp %(code)s") % {"code": obj.code})
    return obj


# --- Trainees -----------------------------------------------------------------------------------
