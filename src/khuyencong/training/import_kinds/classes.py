"""The `training_classes` kind for the import framework (khuyencong.imports).

Registered from TrainingConfig.ready() when the imports app is installed: its upload page
(/nhap-du-lieu/training_classes/), template, export and `khuyencong import training_classes` follow
from this declaration. The rules of `services.class_create` are repeated in `_clean` (dates) and
`_check` (class size unless `confirm_large`, the project's activity, the village's commune,
follow-ups already recorded; set-based) and `_derive` keeps the class's six-month follow-up day.
`trainees` and `transplants` (rows that write more than one record) are declared in `import_trainees.py`
and `import_transplants.py` with the framework's check_plans/after_write hooks.
"""

from django.db.models import Min
from django.utils import timezone

from khuyencong.imports.columns import Code, CraftName, Date, Enum, Int, Money, Ref, Text, UnitCode
from khuyencong.imports.kinds import Column, Kind, register
from khuyencong.projects.models import Project
from khuyencong.registry.models import Craft, CraftVillage
from khuyencong.training.models import OUTPUT_ACTIVITIES, ClassKind, ClassStatus, FollowUp, TrainingClass
from khuyencong.training.permissions import EDITOR_ROLES
from khuyencong.training.services.classes import FOLLOW_UP_AFTER_MONTHS, add_months, class_size_problem


def _clean(values, errors) -> None:
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        errors.append(("end", f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày khai giảng ({start:%d/%m/%Y})."))
    if values.get("status") == ClassStatus.COMPLETED and end and end > timezone.localdate():
        # the rule of services.class_complete: a class is closed once it has ended
        errors.append(("status", f"Lớp kết thúc ngày {end:%d/%m/%Y}, chưa thể ghi là đã kết thúc."))


def _check(importer, plans) -> dict[int, list[tuple[str, str]]]:
    """The rules that read other records, for the whole file at once (three queries, not three per row)."""
    projects, villages = importer.refs.get("project_code", {}), importer.refs.get("village_code", {})
    activities = {pk: (activity, label) for pk, activity, label in (
        (p.pk, p.activity, p.get_activity_display()) for p in Project.objects.filter(
            pk__in={projects[p.values["project_code"]][0] for p in plans if p.values.get("project_code")}
        ).only("pk", "activity"))}
    village_communes = dict(CraftVillage.objects.filter(
        pk__in={villages[p.values["village_code"]][0] for p in plans if p.values.get("village_code")}
    ).values_list("pk", "commune__code"))
    codes = {p.values["code"] for p in plans if p.values.get("end")}
    earliest = dict(FollowUp.objects.filter(trainee__training_class__code__in=codes).values(
        "trainee__training_class__code").annotate(first=Min("date")).values_list("trainee__training_class__code",
                                                                                 "first"))
    refused = {}
    confirm_large = importer.options.get("confirm_large", False)
    for plan in plans:
        values, errors = plan.values, []
        problem = class_size_problem(values.get("planned_trainees"), confirm_large=confirm_large, what="Lớp dự kiến")
        if problem:
            errors.append(("planned_trainees", problem))
        code = values.get("project_code")
        if code:
            activity, label = activities[projects[code][0]]
            if activity not in OUTPUT_ACTIVITIES:
                errors.append(("project_code", f"Đề án {code} có nội dung “{label}”: chỉ đề án đào tạo nghề, nâng "
                                               "cao năng lực quản lý hoặc chuyển giao công nghệ mới có lớp đào tạo."))
        village = values.get("village_code")
        if village and values.get("commune_code"):
            commune = village_communes.get(villages[village][0])
            if commune != values["commune_code"]:
                errors.append(("village_code", f"Làng {village} không thuộc xã/phường mã {values['commune_code']}."))
        end, first = values.get("end"), earliest.get(values.get("code"))
        if end and first and first < end:
            errors.append(("end", f"Lớp đã có theo dõi việc làm ngày {first:%d/%m/%Y}, trước ngày kết thúc "
                                  f"{end:%d/%m/%Y}."))
        if errors:
            refused[plan.row] = errors
    return refused


def _derive(obj) -> list[str]:
    if obj.end_date is None:  # an update file without the end date leaves the six-month day as it is
        return []
    obj.follow_up_due_on = add_months(obj.end_date, FOLLOW_UP_AFTER_MONTHS)
    fields = ["follow_up_due_on"]
    if obj.status == ClassStatus.COMPLETED and obj.completed_on is None:  # an old class closed on its last day
        obj.completed_on = obj.end_date
        fields.append("completed_on")
    return fields


training_classes = register(Kind(
    key="training_classes",
    label="Lớp đào tạo",
    model=TrainingClass,
    description="Lớp truyền nghề, nhân cấy nghề, nâng cao tay nghề, quản lý, thiết kế mẫu (nơi mở lớp: xã/phường).",
    columns=[
        Column("code", "Mã lớp", Code(40), required=True),
        Column("kind", "Loại lớp", Enum.of(ClassKind), required=True),
        Column("craft", "Nghề", CraftName(model=Craft), required=True, field="craft_id", source="craft__name"),
        Column("commune_code", "Mã xã/phường", UnitCode(), required=True, field="commune_id",
               source="commune__code"),
        Column("start", "Ngày khai giảng", Date(), required=True, field="start_date"),
        Column("end", "Ngày kết thúc", Date(), required=True, field="end_date"),
        Column("project_code", "Mã đề án", Ref(model=Project, what="đề án"), field="project_id",
               source="project__code", note="đề án đào tạo, quản lý hoặc công nghệ"),
        Column("village_code", "Mã làng", Ref(model=CraftVillage, what="làng", max_length=32), field="village_id",
               source="village__code"),
        Column("name", "Tên lớp", Text(255)),
        Column("teachers", "Giáo viên", Text(400), note="nghệ nhân, thợ giỏi"),
        Column("planned_trainees", "Số học viên kế hoạch", Int()),
        Column("cost", "Kinh phí", Money()),
        Column("status", "Tình trạng", Enum.of(ClassStatus),
               note="để trống: planned (kế hoạch / đang học); completed: lớp đã kết thúc (lớp cũ)"),
    ],
    clean_row=_clean,
    check_plans=_check,
    import_roles=EDITOR_ROLES,
    options=(("confirm_large", "Xác nhận lớp trên 200 học viên"),),
    derive=_derive,
    export_order=("code",),
))
