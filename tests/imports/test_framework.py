"""Adding a kind is one declaration: a kind for projects (another app's model) with a list of references."""

import pytest
from django.core.management import call_command

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.text import fold
from khuyencong.imports.columns import Code, Enum, Money, RefList, Text, UnitCode, Year
from khuyencong.imports.kinds import KINDS, Column, Kind, register
from khuyencong.imports.services.runs import import_file
from khuyencong.projects.models import Activity, FundingSource, Project
from khuyencong.registry.models import Establishment
from tests.imports.conftest import write_xlsx

pytestmark = pytest.mark.django_db


def _derive(obj):
    obj.search_title = fold(obj.title)
    return ["search_title"]


@pytest.fixture
def project_kind():
    kind = register(Kind(
        key="test_projects", label="Đề án (thử)", model=Project,
        columns=[
            Column("code", "Mã đề án", Code(40), required=True),
            Column("title", "Tên đề án", Text(400), required=True),
            Column("activity", "Nội dung", Enum.of(Activity), required=True),
            Column("funding_source", "Nguồn kinh phí", Enum.of(FundingSource), required=True),
            Column("plan_year", "Năm kế hoạch", Year(), required=True),
            Column("commune_code", "Mã xã/phường", UnitCode(), field="commune_id", source="commune__code"),
            Column("beneficiaries", "Đơn vị thụ hưởng", RefList(model=Establishment, what="cơ sở")),
            Column("approved_funds", "Kinh phí được duyệt", Money()),
        ],
        derive=_derive, export_order=("code",),
    ))
    yield kind
    KINDS.pop("test_projects")


def test_declared_kind_imports_updates_and_round_trips(project_kind, tmp_path):
    commune_rows = [["code", "name", "kind", "commune_code"], ["E1", "Cơ sở 1", "HKD", "10030"],
                    ["E2", "Cơ sở 2", "HKD", "10030"]]
    assert import_file(user=SYSTEM, kind="establishments", path=write_xlsx(tmp_path / "e.xlsx", commune_rows)).ok
    header = ["code", "title", "activity", "funding_source", "plan_year", "commune_code", "beneficiaries",
              "approved_funds"]
    path = write_xlsx(tmp_path / "p.xlsx", [header, ["DA1", "Hỗ trợ máy móc", "technology", "local", 2024, "10030",
                                                     "E1; E2", 200_000_000],
                                            ["DA2", "Hội chợ", "products", "national", 2024, None, "", None]])
    result = import_file(user=SYSTEM, kind="test_projects", path=path)
    assert result.ok, result.errors
    da1 = Project.objects.get(code="DA1")
    assert sorted(da1.beneficiaries.values_list("code", flat=True)) == ["E1", "E2"]
    assert da1.search_title == "ho tro may moc" and da1.current_commune_id == da1.commune_id
    assert Project.objects.get(code="DA2").commune is None

    changed = write_xlsx(tmp_path / "p2.xlsx", [["code", "beneficiaries"], ["DA1", "E2"], ["DA2", "E9"]])
    bad = import_file(user=SYSTEM, kind="test_projects", path=changed, mode="update")
    assert [(e.row, e.column, e.message) for e in bad.errors] == [
        (3, "Đơn vị thụ hưởng", "Không tìm thấy cơ sở có mã “E9”.")]
    fixed = write_xlsx(tmp_path / "p3.xlsx", [["code", "beneficiaries"], ["DA1", "E2"]])
    result = import_file(user=SYSTEM, kind="test_projects", path=fixed, mode="update")
    assert result.ok and result.updated == 1
    assert list(da1.beneficiaries.values_list("code", flat=True)) == ["E2"]

    out = tmp_path / "projects.xlsx"
    call_command("export", "test_projects", str(out))
    again = import_file(user=SYSTEM, kind="test_projects", path=out, mode="update")
    assert again.ok and again.unchanged == 2, again.errors


