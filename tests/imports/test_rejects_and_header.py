"""The rejects file goes back in once fixed; header messages say each thing once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.models import ImportRun, RunStatus
from khuyencong.imports.services.runs import import_file
from khuyencong.registry.models import Establishment
from tests.imports.conftest import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Mã xã/phường", "Số lao động"]


def test_a_fixed_rejects_file_imports(tmp_path):
    path = write_xlsx(tmp_path / "v.xlsx", [HEADER, ["A", "Cơ sở A", "DN", "10030", 5],
                                            ["B", "Cơ sở B", "DN", "99999", 5],
                                            ["C", "Cơ sở C", "DN", "10030", -2]])
    rejects = tmp_path / "v.loi.xlsx"
    first = import_file(user=SYSTEM, kind="establishments", path=path, valid_only=True, rejects_path=rejects)
    assert first.written and first.rejected_rows == 2
    # The officer corrects the two cells in the rejects file, leaves its "Dòng" and "Lỗi" columns, uploads it.
    wb = load_workbook(rejects)
    ws = wb.active
    assert [c.value for c in ws[1]] == ["Dòng", *HEADER, "Lỗi"]
    ws["E2"] = "10030"
    ws["F3"] = 2
    wb.save(rejects)
    again = import_file(user=SYSTEM, kind="establishments", path=rejects, mode="create")
    assert again.ok and again.written and again.created == 2, (again.file_error, again.errors)
    assert sorted(Establishment.objects.values_list("code", "workers")) == [("A", 5), ("B", 5), ("C", 2)]


def test_unknown_columns_list_the_known_columns_once(tmp_path):
    path = write_xlsx(tmp_path / "u.xlsx", [HEADER + ["màu sắc", "ghi chú riêng"],
                                            ["A", "Cơ sở A", "DN", "10030", 5, "đỏ", "x"]])
    result = import_file(user=SYSTEM, kind="establishments", path=path)
    # One message for the header, each problem once, the known columns listed once; not row errors as well.
    assert result.file_error.startswith(
        "Dòng tiêu đề có lỗi: Cột “màu sắc” không có trong loại dữ liệu “Cơ sở CNNT”. "
        "Cột “ghi chú riêng” không có trong loại dữ liệu “Cơ sở CNNT”. Các cột của “Cơ sở CNNT”: code (Mã cơ sở), ")
    assert result.file_error.count("code (Mã cơ sở)") == 1 and result.summary_lines() == [result.file_error]
    assert result.errors == [] and not Establishment.objects.exists()


def test_unknown_column_message_appears_once_on_the_run_page(client, make_user, tmp_path):
    client.force_login(make_user("canbo"))
    path = write_xlsx(tmp_path / "u.xlsx", [HEADER + ["màu sắc"], ["A", "Cơ sở A", "DN", "10030", 5, "đỏ"]])
    with open(path, "rb") as fh:
        response = client.post(reverse("imports:upload", args=["establishments"]), {
            "file": SimpleUploadedFile(path.name, fh.read()), "hierarchy": "current", "mode": "upsert"})
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED
    page = client.get(response.url).text
    assert page.count("Cột “màu sắc” không có trong loại dữ liệu") == 1
    assert page.count("code (Mã cơ sở)") == 1
