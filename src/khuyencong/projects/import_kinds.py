"""Import kinds of the projects app: `projects` (historical projects), and the `project_code` column that
projects adds to the registry's `products` kind (the product → project link lives here).

Registered from ProjectsConfig.ready(). Rows record the given status without walking the workflow, and
every imported project is marked `imported`.
"""

from khuyencong.core.audit import AuditAction, audit_record
from khuyencong.core.text import fold
from khuyencong.imports.columns import Code, Date, Enum, Int, Money, Ref, RefList, Text, UnitCode, Year
from khuyencong.imports.kinds import Column, Kind, get_kind, register
from khuyencong.projects.models import Activity, FundingSource, Project, ProjectProduct, ProjectState
from khuyencong.projects.workflow import WORKFLOW
from khuyencong.registry.models import Establishment


def _derive(obj) -> list[str]:
    obj.search_title = fold(f"{obj.code} {obj.title}")
    obj.imported = True
    return ["search_title", "imported"]


def _clean(values, errors) -> None:
    approved, settled = values.get("approved_funds"), values.get("settled_funds")
    if approved is not None and settled is not None and settled > approved:
        errors.append(("settled_funds", f"Kinh phí quyết toán ({settled:,}) lớn hơn kinh phí được duyệt "
                                        f"({approved:,}).".replace(",", ".")))
    state = values.get("status")
    if values.get("accepted_on") and state in WORKFLOW.states_before(ProjectState.APPROVED):
        errors.append(("accepted_on", "Đề án chưa được duyệt thì không có ngày nghiệm thu."))


projects = register(Kind(
    key="projects",
    label="Đề án khuyến công",
    model=Project,
    description="Đề án khuyến công cũ: ghi nhận trạng thái như trong tệp (không đi qua quy trình), đánh dấu "
                "“nhập từ dữ liệu cũ”.",
    columns=[
        Column("code", "Mã đề án", Code(40), required=True),
        Column("title", "Tên đề án", Text(400), required=True),
        Column("activity", "Nội dung hoạt động", Enum.of(Activity), required=True),
        Column("funding_source", "Nguồn kinh phí", Enum.of(FundingSource), required=True),
        Column("plan_year", "Năm kế hoạch", Year(), required=True),
        Column("commune_code", "Mã xã/phường", UnitCode(), field="commune_id", source="commune__code",
               note="để trống: đề án toàn thành phố"),
        Column("beneficiaries", "Đơn vị thụ hưởng", RefList(model=Establishment, what="cơ sở")),
        Column("approved_funds", "Kinh phí được duyệt", Money()),
        Column("settled_funds", "Kinh phí quyết toán", Money()),
        Column("counterpart_funds", "Vốn đối ứng", Money()),
        Column("status", "Trạng thái", Enum.of(ProjectState), field="state", note="để trống: draft"),
        Column("accepted_on", "Ngày nghiệm thu", Date()),
        Column("jobs_created", "Việc làm tạo ra", Int()),
    ],
    clean_row=_clean,
    derive=_derive,
    export_order=("code",),
    # one filter implementation: the list page's form and selector (with its scope rules for city-wide projects)
    filter_form="khuyencong.projects.forms.ProjectFilterForm",
    list_selector="khuyencong.projects.selectors.project_list",
))


def _write_product_links(importer, rows, *, actor, summary) -> None:
    """Link each imported product to the project its row names; a row without the column leaves the link."""
    refs = importer.refs.get("project_code", {})
    wanted = {pk: (refs[plan.values["project_code"]][0] if plan.values.get("project_code") else None)
              for plan, pk in rows if "project_code" in plan.values}
    if not wanted:
        return
    current = dict(ProjectProduct.objects.filter(product_id__in=wanted).values_list("product_id", "project_id"))
    changed = {pk: project for pk, project in wanted.items() if current.get(pk) != project}
    ProjectProduct.objects.filter(product_id__in=[pk for pk, project in changed.items() if project is None]).delete()
    for pk, project in changed.items():
        if project is not None:
            ProjectProduct.objects.update_or_create(product_id=pk, defaults={"project_id": project})
    if changed:
        codes = dict(Project.objects.filter(pk__in=set(changed.values()) | set(current.values()))
                     .values_list("pk", "code"))
        product_model = importer.kind.model
        for product in product_model.objects.filter(pk__in=changed):
            audit_record(actor=actor, obj=product, action=AuditAction.IMPORT,
                         changes={"project": [codes.get(current.get(product.pk)), codes.get(changed[product.pk])]},
                         summary=summary or "Nhập từ tệp")


get_kind("products").extend(
    columns=[Column("project_code", "Mã đề án", Ref(model=Project, what="đề án"), field="",
                    source="project_link__project__code")],
    after_write=_write_product_links,
)
