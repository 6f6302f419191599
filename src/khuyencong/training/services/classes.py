"""Writes for training classes, their rosters and employment follow-ups.

Each service is keyword-only, runs in one transaction, validates before writing (a ValidationError
with a Vietnamese message, keyed by field where there is one) and writes its audit rows in the same
transaction. Nothing is written halfway: a roster of 40 lines with one bad line adds nobody.
Personal data (ID numbers, birth years) never goes into the audit log in clear.
"""

import datetime
from dataclasses import dataclass, field

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
from khuyencong.training.models import OUTPUT_ACTIVITIES, ClassStatus, FollowUp, Trainee, TrainingClass
from khuyencong.training.permissions import EDITOR_ROLES, can_edit_training
from khuyencong.training.privacy import mask_birth_year, mask_id_number
from khuyencong.training.roster import TraineeRow, parse_id_number, parse_pasted_roster

# A class larger than this needs an explicit confirmation (a typo such as 1200 for 120 is likely).
MAX_CLASS_SIZE = 200
# A trainee younger or older than this at the class's start gets a warning, not a refusal.
MIN_TRAINEE_AGE = 15
MAX_TRAINEE_AGE = 80

PERSONAL_FIELDS = ("id_number", "birth_year")
# A class created without a code gets the next LH-<year it starts>-0001.
CODE_PREFIX, CODE_WIDTH = "LH", 4


@dataclass
class RosterResult:
    trainees: list[Trainee] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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

def _masked_snapshot(trainee: Trainee) -> dict:
    data = snapshot(trainee)
    data["id_number"] = mask_id_number(trainee.id_number) or None
    data["birth_year"] = mask_birth_year(trainee.birth_year) or None
    return data


def age_warning(*, full_name: str, birth_year: int | None, training_class: TrainingClass, line: int | None = None):
    if birth_year is None:
        return None
    age = training_class.start_date.year - birth_year
    if MIN_TRAINEE_AGE <= age <= MAX_TRAINEE_AGE:
        return None
    where = _("Dòng %(n)d: ") % {"n": line} if line else ""
    return where + _(
        "%(name)s sinh năm %(year)d, %(age)d tuổi khi khai giảng (ngoài khoảng %(min)d–%(max)d tuổi). "
        "Đã ghi nhận; hãy kiểm tra lại năm sinh."
    ) % {"name": full_name, "year": birth_year, "age": age, "min": MIN_TRAINEE_AGE, "max": MAX_TRAINEE_AGE}


def _lock_class(training_class: TrainingClass) -> TrainingClass:
    return TrainingClass.objects.select_for_update().get(pk=training_class.pk)


def _add_rows(*, actor, training_class: TrainingClass, rows: list[TraineeRow], confirm_large: bool,
              action: str, source: str) -> RosterResult:
    """Validate every row against the class (IDs unique, size), then create them all; else nothing."""
    cls = _lock_class(training_class)
    existing = dict(cls.trainees.exclude(id_number=None).values_list("id_number", "full_name"))
    errors, seen = [], {}
    for row in rows:
        problem = id_number_problem(row.id_number, line=row.line, existing=existing, seen=seen)
        if problem:
            errors.append(_where(row) + problem)
    if errors:
        raise ValidationError(errors)
    _check_size(cls.trainees.count() + len(rows), confirm_large=confirm_large, field_name="confirm_large",
                what=_("Lớp sẽ có"))
    result = RosterResult(warnings=_namesake_warnings(cls, rows))
    for row in rows:
        trainee = Trainee(
            training_class=cls, full_name=row.full_name, birth_year=row.birth_year, gender=row.gender,
            id_number=row.id_number, home_commune=row.extra.get("home_commune"), completed=row.completed,
            certificate_number=row.extra.get("certificate_number", ""),
        )
        trainee.full_clean()
        trainee.save()
        audit_record(actor=actor, obj=trainee, action=action, changes=diff({}, _masked_snapshot(trainee)),
                     summary=_("Thêm học viên %(name)s vào lớp %(code)s (%(src)s)") % {
                         "name": trainee.full_name, "code": cls.code, "src": source})
        result.trainees.append(trainee)
        warning = age_warning(full_name=row.full_name, birth_year=row.birth_year, training_class=cls,
                              line=row.line if len(rows) > 1 else None)
        if warning:
            result.warnings.append(warning)
    return result


def _namesake_warnings(cls: TrainingClass, rows: list[TraineeRow]) -> list[str]:
    """People share names: a name and birth year already in the class or on an earlier line are two trainees
    when both have their own ID number; when one has none they might be one person entered twice (a warning)."""
    known = {}  # (name, year) → (0 for the class or the line, has an ID number); one without an ID number wins

    def note(key, line, has_id):
        if key not in known or (known[key][1] and not has_id):
            known[key] = (line, has_id)

    for name, year, id_number in cls.trainees.values_list("full_name", "birth_year", "id_number"):
        note((name, year), 0, id_number is not None)
    warnings = []
    for row in rows:
        key = (row.full_name, row.birth_year)
        other = known.get(key)
        if other is not None and not (other[1] and row.id_number):
            person = (_("%(name)s sinh năm %(year)d") % {"name": row.full_name, "year": row.birth_year}
                      if row.birth_year else _("%(name)s (không ghi năm sinh)") % {"name": row.full_name})
            where = (_("với dòng %(n)d") % {"n": other[0]} if other[0]
                     else _("với học viên đã có trong lớp"))
            warnings.append((_where(row) if len(rows) > 1 else "") + _(
                "%(person)s trùng họ tên và năm sinh %(where)s, không có số CMND/CCCD để phân biệt: đã thêm thành "
                "hai học viên. Nếu là một người, hãy xoá người thừa khỏi danh sách."
            ) % {"person": person, "where": where})
        note(key, row.line, row.id_number is not None)
    return warnings


def id_number_problem(id_number: str | None, *, line: int, existing: dict, seen: dict) -> str | None:
    """A duplicate ID number in one class: `existing` {id: name} already in the class, `seen` {id: line} earlier
    in the same batch (updated here). Pure; the message shows the ID masked."""
    if not id_number:
        return None
    if id_number in existing:
        return _("Số CMND/CCCD %(id)s đã có trong lớp (học viên %(name)s).") % {
            "id": mask_id_number(id_number), "name": existing[id_number]}
    if id_number in seen:
        return _("Số CMND/CCCD %(id)s trùng với dòng %(other)d.") % {
            "id": mask_id_number(id_number), "other": seen[id_number]}
    seen[id_number] = line
    return None


def _where(row: TraineeRow) -> str:
    return _("Dòng %(n)d: ") % {"n": row.line} if row.line else ""


def birth_year_problem(birth_year: int | None) -> str | None:
    if birth_year is not None and not 1900 <= birth_year <= _today().year:
        return _("Năm sinh %(y)d không hợp lệ.") % {"y": birth_year}
    return None


def _check_birth_year(birth_year: int | None) -> None:
    problem = birth_year_problem(birth_year)
    if problem:
        raise ValidationError({"birth_year": problem})


@transaction.atomic
def trainee_add(*, actor, training_class: TrainingClass, full_name: str, birth_year: int | None = None,
                gender: str = "", id_number: str | None = None, home_commune=None, completed: bool = False,
                certificate_number: str = "", confirm_large: bool = False) -> RosterResult:
    name = " ".join((full_name or "").split())
    if not name:
        raise ValidationError({"full_name": _("Chưa ghi họ tên học viên.")})
    _check_birth_year(birth_year)
    try:
        id_number = parse_id_number(id_number)
    except ValueError as exc:
        raise ValidationError({"id_number": str(exc)[:1].upper() + str(exc)[1:] + "."}) from None
    row = TraineeRow(line=0, full_name=name, birth_year=birth_year, gender=gender or "", id_number=id_number,
                     completed=completed,
                     extra={"home_commune": home_commune, "certificate_number": certificate_number.strip()})
    try:
        return _add_rows(actor=actor, training_class=training_class, rows=[row], confirm_large=confirm_large,
                         action=AuditAction.CREATE, source=_("nhập tay"))
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"id_number": exc.messages}) from None


@transaction.atomic
def roster_paste(*, actor, training_class: TrainingClass, text: str, confirm_large: bool = False) -> RosterResult:
    """Add many trainees from pasted lines "Họ tên; năm sinh; giới tính; CCCD"; every bad line is named."""
    rows, errors = parse_pasted_roster(text)
    if errors:
        raise ValidationError(errors)
    return _add_rows(actor=actor, training_class=training_class, rows=rows, confirm_large=confirm_large,
                     action=AuditAction.CREATE, source=_("dán danh sách"))


@transaction.atomic
def trainee_update(*, actor, trainee: Trainee, full_name: str, birth_year: int | None, gender: str,
                   id_number: str | None, home_commune=None, completed: bool,
                   certificate_number: str = "") -> list[str]:
    obj = Trainee.objects.select_for_update().select_related("training_class").get(pk=trainee.pk)
    before = _masked_snapshot(obj)
    name = " ".join((full_name or "").split())
    if not name:
        raise ValidationError({"full_name": _("Chưa ghi họ tên học viên.")})
    _check_birth_year(birth_year)
    try:
        id_number = parse_id_number(id_number)
    except ValueError as exc:
        raise ValidationError({"id_number": str(exc)[:1].upper() + str(exc)[1:] + "."}) from None
    if id_number:
        other = obj.training_class.trainees.filter(id_number=id_number).exclude(pk=obj.pk).first()
        if other:
            raise ValidationError({"id_number": _("Số CMND/CCCD %(id)s đã có trong lớp (học viên %(name)s).")
                                   % {"id": mask_id_number(id_number), "name": other.full_name}})
    obj.full_name, obj.birth_year, obj.gender, obj.id_number = name, birth_year, gender or "", id_number
    obj.home_commune, obj.completed, obj.certificate_number = home_commune, completed, certificate_number.strip()
    obj.full_clean()
    obj.save()
    changed = diff(before, _masked_snapshot(obj))
    if obj.id_number != trainee.id_number and "id_number" not in changed:
        changed["id_number"] = [before["id_number"], _("(đã sửa)")]
    if changed:
        audit_record(actor=actor, obj=obj, action=AuditAction.UPDATE, changes=changed,
                     summary=_("Sửa học viên %(name)s") % {"name": obj.full_name})
    warning = age_warning(full_name=name, birth_year=birth_year, training_class=obj.training_class)
    return [warning] if warning else []


@transaction.atomic
def trainee_remove(*, actor, trainee: Trainee) -> None:
    """Take a trainee entered by mistake off the roster; refused once their employment has been followed up."""
    obj = Trainee.objects.select_for_update().select_related("training_class").get(pk=trainee.pk)
    if obj.follow_ups.exists():
        raise ValidationError(_("%(name)s đã có theo dõi việc làm: không thể xoá khỏi danh sách.")
                              % {"name": obj.full_name})
    audit_record(actor=actor, obj=obj.training_class, action=AuditAction.DELETE,
                 changes={"trainee": [obj.full_name, None]},
                 summary=_("Xoá học viên %(name)s khỏi lớp %(code)s") % {"name": obj.full_name,
                                                                       "code": obj.training_class.code})
    obj.delete()


@transaction.atomic
def roster_mark_completion(*, actor, training_class: TrainingClass, completed: dict[int, str]) -> int:
    """Set who completed the class: `completed` maps trainee id → certificate number ("" when none).

    Trainees not in the map are marked not completed. Returns the number of completing trainees.
    """
    cls = _lock_class(training_class)
    trainees = list(cls.trainees.select_for_update())
    unknown = set(completed) - {t.pk for t in trainees}
    if unknown:
        raise ValidationError(_("Có học viên không thuộc lớp %(code)s.") % {"code": cls.code})
    followed = set(FollowUp.objects.filter(trainee__training_class=cls).values_list("trainee_id", flat=True))
    blocked = [t.full_name for t in trainees if t.pk in followed and t.pk not in completed]
    if blocked:
        raise ValidationError(_("Không thể bỏ đánh dấu hoàn thành của học viên đã có theo dõi việc làm: %(names)s.")
                              % {"names": ", ".join(blocked)})
    for trainee in trainees:
        done = trainee.pk in completed
        certificate = (completed.get(trainee.pk) or "").strip() if done else trainee.certificate_number
        if trainee.completed == done and trainee.certificate_number == certificate:
            continue
        before = _masked_snapshot(trainee)
        trainee.completed, trainee.certificate_number = done, certificate
        trainee.full_clean()
        trainee.save(update_fields=["completed", "certificate_number", "updated_at"])
        audit_record(actor=actor, obj=trainee, action=AuditAction.UPDATE,
                     changes=diff(before, _masked_snapshot(trainee)),
                     summary=_("Đánh dấu hoàn thành lớp %(code)s") % {"code": cls.code})
    return len(completed)


# --- Follow-ups ---------------------------------------------------------------------------------

def follow_up_problems(*, date: datetime.date, class_end: datetime.date, completed: bool, full_name: str,
                       employed: bool, has_employer: bool) -> dict[str, str]:
    """The follow-up rules, pure ({field: message}): after the class ended, not in the future, only for a trainee
    who completed, no employer when not employed. `follow_up_add` and the trainees import kind use it."""
    errors = {}
    if date < class_end:
        errors["date"] = _(
            "Ngày theo dõi %(d)s trước ngày lớp kết thúc (%(end)s): chỉ theo dõi việc làm sau khoá học."
        ) % {"d": date.strftime("%d/%m/%Y"), "end": class_end.strftime("%d/%m/%Y")}
    elif date > _today():
        errors["date"] = _("Ngày theo dõi %(d)s ở tương lai.") % {"d": date.strftime("%d/%m/%Y")}
    if not completed:
        errors["trainee"] = _("%(name)s chưa được đánh dấu hoàn thành khoá học: chỉ theo dõi việc làm của học viên "
                              "đã hoàn thành.") % {"name": full_name}
    if not employed and has_employer:
        errors["employer_name"] = _("Không có việc làm thì không ghi nơi làm việc.")
    return errors


@transaction.atomic
def follow_up_add(*, actor, trainee: Trainee, date: datetime.date, employed: bool, employer=None,
                  employer_name: str = "", monthly_income: int | None = None, note: str = "") -> FollowUp:
    trainee = Trainee.objects.select_related("training_class").get(pk=trainee.pk)
    require_visible(actor, [employer], field="employer", what=_("cơ sở"))
    cls = trainee.training_class
    errors = follow_up_problems(date=date, class_end=cls.end_date, completed=trainee.completed,
                                full_name=trainee.full_name, employed=employed,
                                has_employer=employer is not None or bool(employer_name.strip()))
    if monthly_income is not None and monthly_income < 0:
        errors["monthly_income"] = _("Thu nhập tháng không thể âm.")
    if errors:
        raise ValidationError(errors)
    obj = FollowUp(trainee=trainee, date=date, employed=employed, employer=employer,
                   employer_name=employer_name.strip(), monthly_income=monthly_income, note=note.strip(),
                   created_by=actor if getattr(actor, "is_authenticated", False) else None)
    obj.full_clean()
    obj.save()
    state = _("có việc làm") if employed else _("chưa có việc làm")
    audit_record(actor=actor, obj=trainee, action=AuditAction.UPDATE,
                 changes={"follow_up": [None, f"{date:%d/%m/%Y}: {state}"]},
                 summary=_("Theo dõi việc làm của %(name)s") % {"name": trainee.full_name})
    return obj
