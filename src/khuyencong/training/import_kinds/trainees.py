"""The `trainees` import kind on the import framework, with the latest follow-up per row.

Columns: class_code*, full_name*, birth_year, gender, id_number (the 12-digit CCCD, or a 9-digit old CMND),
commune_code (home commune), completed (yes/no), employed (yes/no: the latest follow-up), employer_code (an
establishment), and certificate_number.

Identity: trainees have no code. Within a class a trainee is identified by the ID number when the row has
one, else by full name and birth year (an empty birth year matches a trainee of that name with none).
People share names: namesakes with their own ID numbers are two trainees; without ID numbers, a repeated
name and year in one file is a warning when the rows add trainees and an error naming both rows when they
would match existing ones (imports/planning.py). A row with an ID number finds the one trainee of its name
and year who has none yet, and fills it in. An ID number already in the class under another name is
refused (a wrong number, not a renamed person); the same person may attend other classes.

Rules are the training services' own (pure checks in services.py): the class-size limit (200, unless the
import is run with the `confirm_large` option), a duplicate ID number in the class, the birth year
(an age under 15 or over 80 is a warning), and the follow-up rules (the class has ended, the trainee
completed it, no employer when not employed). Scope: the class's commune. The follow-up is written
only when it differs from the trainee's latest one, dated at the class's six-month day (or today if
earlier) when the trainee has none yet, else today.
"""

import types
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from khuyencong.accounts.permissions import has_role
from khuyencong.core.models import AuditAction, AuditEntry
from khuyencong.core.text import fold
from khuyencong.imports.batching import chunks
from khuyencong.imports.columns import Bool, Code, Enum, Int, Ref, Text, UnitCode
from khuyencong.imports.kinds import Column, Kind, register
from khuyencong.registry.models import Establishment
from khuyencong.training.models import AccessPurpose, FollowUp, Gender, Trainee, TrainingClass
from khuyencong.training.permissions import EDITOR_ROLES, PERSONAL_DATA_ROLES
from khuyencong.training.privacy import log_personal_access, mask_birth_year, mask_id_number
from khuyencong.training.roster import parse_id_number
from khuyencong.training.services.classes import class_size_problem
from khuyencong.training.services.trainees import age_warning, birth_year_problem, follow_up_problems, id_number_problem

PERSONAL_COLUMNS = ("birth_year", "id_number")
MAX_WARNINGS = 200


def _clean(values, errors) -> None:
    if values.get("full_name"):
        values["full_name"] = " ".join(values["full_name"].split())
    problem = birth_year_problem(values.get("birth_year"))
    if problem:
        errors.append(("birth_year", problem))
    if values.get("id_number"):
        try:
            values["id_number"] = parse_id_number(values["id_number"])
        except ValueError as exc:
            text = str(exc)
            errors.append(("id_number", text[:1].upper() + text[1:] + "."))
    if values.get("employer_code") and values.get("employed") is None:
        errors.append(("employer_code", "Ghi “Có việc làm” (có) khi ghi nơi làm việc."))


def _check(importer, plans) -> dict[int, list[tuple[str, str]]]:
    """Whole-file rules, a few queries for the whole file (not one per row)."""
    refs = importer.refs["class_code"]
    class_pks = {refs[p.values["class_code"]][0] for p in plans}
    classes = {row["pk"]: row for row in TrainingClass.objects.filter(pk__in=class_pks).values(
        "pk", "code", "start_date", "end_date", "follow_up_due_on")}
    counts = Counter(dict(Trainee.objects.filter(training_class_id__in=class_pks).values("training_class_id")
                          .annotate(n=Count("pk")).values_list("training_class_id", "n")))
    ids = defaultdict(dict)  # class pk → {id number: (name, trainee pk)}; a row matched by its ID number keeps it
    for cls, number, name, pk in Trainee.objects.filter(training_class_id__in=class_pks, id_number__isnull=False) \
            .values_list("training_class_id", "id_number", "full_name", "pk"):
        ids[cls][number] = (name, pk)
    existing_pks = [p.pk for p in plans if p.pk is not None]
    state = {}
    for chunk in chunks(existing_pks):  # matched trainees: their completion and latest follow-up
        state.update({row["pk"]: row for row in Trainee.objects.filter(pk__in=chunk).annotate(
            last_employed=_latest("employed"), last_employer=_latest("employer_id"), last_date=_latest("date"),
        ).values("pk", "completed", "last_employed", "last_employer", "last_date")})
    employers = importer.refs.get("employer_code", {})
    today = timezone.localdate()
    confirm_large = importer.options.get("confirm_large", False)
    refused, seen = defaultdict(list), defaultdict(dict)
    follow_ups = 0
    for plan in plans:
        values = plan.values
        cls = classes[refs[values["class_code"]][0]]
        if plan.pk is None:
            counts[cls["pk"]] += 1
            problem = class_size_problem(counts[cls["pk"]], confirm_large=confirm_large,
                                         what=f"Lớp {cls['code']} sẽ có")
            if problem:
                refused[plan.row].append(("class_code", problem))
        number = values.get("id_number")
        if number:
            existing = {k: name for k, (name, pk) in ids[cls["pk"]].items()
                        if pk != plan.pk or fold(name) != fold(values["full_name"])}
            problem = id_number_problem(number, line=plan.row, existing=existing, seen=seen[cls["pk"]])
            if problem:
                refused[plan.row].append(("id_number", problem))
        warning = age_warning(full_name=values["full_name"], birth_year=values.get("birth_year"),
                              training_class=types.SimpleNamespace(start_date=cls["start_date"]), line=plan.row)
        if warning and len(importer.result.warnings) < MAX_WARNINGS:
            importer.result.warnings.append(warning)
        values.pop("_follow_up", None)
        employed = values.get("employed")
        if employed is None:
            continue
        employer = employers[values["employer_code"]][0] if values.get("employer_code") else None
        old = state.get(plan.pk, {})
        if old.get("last_date") is not None and (old["last_employed"], old["last_employer"]) == (employed, employer):
            continue  # the latest follow-up already says this
        completed = values["completed"] if values.get("completed") is not None else old.get("completed", False)
        date = today if old.get("last_date") else min(cls["follow_up_due_on"], today)
        if cls["end_date"] > today:
            refused[plan.row].append(("employed", f"Lớp {cls['code']} kết thúc ngày {cls['end_date']:%d/%m/%Y}, "
                                                  "chưa thể ghi việc làm."))
            continue
        problems = follow_up_problems(date=date, class_end=cls["end_date"], completed=bool(completed),
                                      full_name=values["full_name"], employed=employed,
                                      has_employer=employer is not None)
        column = {"employer_name": "employer_code", "trainee": "completed"}
        for key, message in problems.items():
            refused[plan.row].append((column.get(key, "employed"), message))
        if not problems:
            values["_follow_up"] = (date, employed, employer)
            follow_ups += 1
    if follow_ups and importer.result.dry_run:
        importer.result.notes.append(f"Theo dõi việc làm (lần gần nhất) sẽ ghi: {follow_ups}.")
    return refused


def _latest(field):
    return Subquery(FollowUp.objects.filter(trainee=OuterRef("pk")).order_by("-date", "-pk").values(field)[:1])


def _after_write(importer, rows, *, actor, summary) -> None:
    """The latest follow-ups, in bulk, each with an audit row on its trainee."""
    items = [(pk, plan.values["_follow_up"]) for plan, pk in rows if plan.values.get("_follow_up")]
    if not items:
        importer.result.notes = [n for n in importer.result.notes if not n.startswith("Theo dõi việc làm")]
        return
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    FollowUp.objects.bulk_create([
        FollowUp(trainee_id=pk, date=date, employed=employed, employer_id=employer, created_by=created_by)
        for pk, (date, employed, employer) in items], batch_size=2000)
    content_type = ContentType.objects.get_for_model(Trainee)
    AuditEntry.objects.bulk_create([
        AuditEntry(content_type=content_type, object_id=str(pk), actor=created_by, action=AuditAction.UPDATE,
                   changes={"follow_up": [None, f"{date:%d/%m/%Y}: "
                                                f"{'có việc làm' if employed else 'chưa có việc làm'}"]},
                   summary=(summary or "Nhập từ tệp")[:300])
        for pk, (date, employed, _e) in items], batch_size=2000)
    importer.result.notes = [n for n in importer.result.notes if not n.startswith("Theo dõi việc làm")]
    importer.result.notes.append(f"Đã ghi theo dõi việc làm (lần gần nhất): {len(items)}.")


def _mask_audit(changes: dict) -> dict:
    """ID numbers and birth years never go into the audit log in clear (as in services.py)."""
    masked = dict(changes)
    for key, mask in (("id_number", mask_id_number), ("birth_year", mask_birth_year)):
        if key in masked:
            masked[key] = [mask(v) or None for v in masked[key]]
    return masked


def may_export_personal(user, params) -> bool:
    """Birth years and ID numbers go into an export only for centre staff and administrators who ask."""
    return str(params.get("personal", "")) == "1" and (
        getattr(user, "is_superuser", False) or has_role(user, *PERSONAL_DATA_ROLES))


def _export_columns(kind, user, params) -> list[Column]:
    if may_export_personal(user, params):
        return kind.columns
    return [c for c in kind.columns if c.key not in PERSONAL_COLUMNS]


def _on_export(kind, user, qs, columns) -> None:
    """Every export of full ID numbers is logged (privacy.log_personal_access), with the trainees it held."""
    if not any(c.key == "id_number" for c in columns):
        return
    pks = list(qs.filter(id_number__isnull=False).values_list("pk", flat=True))
    log_personal_access(actor=user, trainees=[types.SimpleNamespace(pk=pk, id_number=True) for pk in pks],
                        purpose=AccessPurpose.EXPORT, path=f"export {kind.key}")


def _annotate(qs):
    return qs.annotate(last_employed=_latest("employed"), last_employer_code=Subquery(
        FollowUp.objects.filter(trainee=OuterRef("pk")).order_by("-date", "-pk").values("employer__code")[:1]))


trainees = register(Kind(
    key="trainees",
    label="Học viên",
    model=Trainee,
    description="Học viên của các lớp đào tạo (mỗi dòng ghi mã lớp). Trong một lớp, học viên được nhận ra theo "
                "số CCCD khi dòng có số CCCD, nếu không theo họ tên + năm sinh (hai người trùng tên có số CCCD "
                "riêng là hai học viên). "
                "Cột “Có việc làm” ghi lần theo dõi việc làm gần nhất (chỉ sau khi lớp kết thúc).",
    columns=[
        Column("class_code", "Mã lớp", Ref(model=TrainingClass, what="lớp"), required=True,
               field="training_class_id", source="training_class__code"),
        Column("full_name", "Họ tên", Text(150), required=True),
        Column("birth_year", "Năm sinh", Int(min_value=1900), note="dữ liệu cá nhân"),
        Column("gender", "Giới tính", Enum.of(Gender)),
        Column("id_number", "Số CCCD", Code(20), null=True,
               note="CCCD 12 chữ số, hoặc CMND cũ 9 chữ số; nhận ra học viên trong lớp; dữ liệu cá nhân"),
        Column("commune_code", "Mã xã/phường", UnitCode(), field="home_commune_id", source="home_commune__code",
               note="nơi ở của học viên"),
        Column("completed", "Hoàn thành", Bool()),
        Column("employed", "Có việc làm", Bool(), field="", source="last_employed",
               note="lần theo dõi gần nhất; chỉ ghi sau khi lớp kết thúc"),
        Column("employer_code", "Mã cơ sở", Ref(model=Establishment, what="cơ sở"), field="",
               source="last_employer_code", note="nơi làm việc, khi có việc làm"),
        Column("certificate_number", "Số chứng chỉ", Text(60)),
    ],
    key_columns=("class_code", "full_name", "birth_year"),
    identity_columns=("class_code", "id_number"),
    scope_column="class_code",
    clean_row=_clean,
    check_plans=_check,
    after_write=_after_write,
    options=(("confirm_large", "Xác nhận lớp trên 200 học viên"),),
    mask_audit=_mask_audit,
    export_columns=_export_columns,
    export_annotate=_annotate,
    export_params=("personal",),
    export_order=("training_class__code", "pk"),
    list_url="training:class_list",
    import_roles=EDITOR_ROLES,
    on_export=_on_export,
))
