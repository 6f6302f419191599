"""Writes to a class's roster: trainees added one by one or pasted, completion, follow-ups (employment).

Each is one transaction with an audit row; ID numbers and birth years go into the log masked."""


import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import require_visible
from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.training.models import FollowUp, Trainee, TrainingClass
from khuyencong.training.privacy import mask_birth_year, mask_id_number
from khuyencong.training.roster import TraineeRow, parse_id_number, parse_pasted_roster

# A class larger than this needs an explicit confirmation (a typo such as 1200 for 120 is likely).
from khuyencong.training.services.classes import (
    MAX_TRAINEE_AGE,
    MIN_TRAINEE_AGE,
    _check_size,
    _today,
)


@dataclass
class RosterResult:
    trainees: list[Trainee] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
