"""The `projects` kind for the declarative import framework (khuyencong.imports, domain.md §8).

Registered from ProjectsConfig.ready() when the imports app is installed. Rows record the given
status without walking the workflow, and every imported project is marked `imported`. Without the
framework, `projects.importing.projects_import_rows` does the same for rows already read.
"""

from khuyencong.core.text import fold
from khuyencong.imports.columns import Code, Date, Enum, Int, Money, RefList, Text, UnitCode, Year
from khuyencong.imports.kinds import Column, Kind, register
from khuyencong.projects.models import Activity, FundingSource, Project, ProjectState
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
    if values.get("accepted_on") and state in (ProjectState.DRAFT, ProjectState.SUBMITTED,
                                               ProjectState.UNDER_APPRAISAL, ProjectState.REJECTED):
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
