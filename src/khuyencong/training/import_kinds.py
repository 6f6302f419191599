"""The `training_classes` kind for the import framework (khuyencong.imports, domain.md §8).

Registered from TrainingConfig.ready() when the imports app is installed: its upload page
(/nhap-du-lieu/training_classes/), template, export and `khuyencong import training_classes` follow
from this declaration. The rules of `services.class_create` are repeated in `_clean` (dates, class size,
the project's activity, the village's commune, follow-ups already recorded) and `_derive` keeps the
class's six-month follow-up day. `trainees` and `transplants` (rows that write more than one record) are
declared in `import_trainees.py` and `import_transplants.py` with the framework's check_plans/after_write hooks.
"""

from khuyencong.imports.columns import Code, CraftName, Date, Enum, Int, Money, Ref, Text, UnitCode
from khuyencong.imports.kinds import Column, Kind, register
from khuyencong.projects.models import Project
from khuyencong.registry.models import CraftVillage
from khuyencong.training.models import OUTPUT_ACTIVITIES, ClassKind, FollowUp, TrainingClass
from khuyencong.training.services import FOLLOW_UP_AFTER_MONTHS, MAX_CLASS_SIZE, add_months


def _clean(values, errors) -> None:
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        errors.append(("end", f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày khai giảng ({start:%d/%m/%Y})."))
    planned = values.get("planned_trainees")
    if planned and planned > MAX_CLASS_SIZE:
        errors.append(("planned_trainees", f"Lớp dự kiến {planned} học viên, nhiều hơn {MAX_CLASS_SIZE} của một lớp "
                                           "thông thường: kiểm tra lại số liệu (lớp lớn hơn thì ghi trên trang lớp, "
                                           "có ô xác nhận)."))
    if values.get("project_code"):
        project = Project.objects.filter(code=values["project_code"]).only("activity").first()
        if project is not None and project.activity not in OUTPUT_ACTIVITIES:
            errors.append(("project_code", f"Đề án {values['project_code']} có nội dung “"
                                           f"{project.get_activity_display()}”: chỉ đề án đào tạo nghề, nâng cao "
                                           "năng lực quản lý hoặc chuyển giao công nghệ mới có lớp đào tạo."))
    if values.get("village_code") and values.get("commune_code"):
        village = CraftVillage.objects.filter(code=values["village_code"]).select_related("commune").first()
        if village is not None and village.commune.code != values["commune_code"]:
            errors.append(("village_code", f"Làng {village} không thuộc xã/phường mã {values['commune_code']}."))
    if end and values.get("code"):
        early = FollowUp.objects.filter(trainee__training_class__code=values["code"], date__lt=end).first()
        if early is not None:
            errors.append(("end", f"Lớp đã có theo dõi việc làm ngày {early.date:%d/%m/%Y}, trước ngày kết thúc "
                                  f"{end:%d/%m/%Y}."))


def _derive(obj) -> list[str]:
    if obj.end_date is None:  # an update file without the end date leaves the six-month day as it is
        return []
    obj.follow_up_due_on = add_months(obj.end_date, FOLLOW_UP_AFTER_MONTHS)
    return ["follow_up_due_on"]


training_classes = register(Kind(
    key="training_classes",
    label="Lớp đào tạo",
    model=TrainingClass,
    description="Lớp truyền nghề, nhân cấy nghề, nâng cao tay nghề, quản lý, thiết kế mẫu (nơi mở lớp: xã/phường).",
    columns=[
        Column("code", "Mã lớp", Code(40), required=True),
        Column("kind", "Loại lớp", Enum.of(ClassKind), required=True),
        Column("craft", "Nghề", CraftName(), required=True, field="craft_id", source="craft__name"),
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
    ],
    clean_row=_clean,
    derive=_derive,
    export_order=("code",),
))

from khuyencong.training import import_trainees, import_transplants  # noqa: E402,F401  (register the kinds)
