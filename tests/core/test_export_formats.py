"""Exports are read by people too: widths that fit, a bold frozen header with an autofilter, 1.350 on money and
counts, dates as date cells shown dd/mm/yyyy, codes as text; and the file still re-imports unchanged."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.spreadsheets import MAX_WIDTH
from khuyencong.geo.selectors import unit_get
from khuyencong.imports.kinds import KINDS
from khuyencong.imports.services.runs import import_file
from khuyencong.projects.services.projects import project_create
from khuyencong.registry.services import craft_for_name, establishment_create
from khuyencong.training.services.classes import class_create

pytestmark = pytest.mark.django_db

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def records(client, make_user):
    staff = make_user("canbo", role="centre_staff", unit="01")
    commune = unit_get(code="10030", hierarchy="current")
    legacy = unit_get(code="00004", hierarchy="legacy")
    establishment_create(actor=staff, code="CS-1", name="Hợp tác xã mây tre đan Phú Vinh", kind="HTX",
                         commune=legacy, tax_code="0012345678", workers=1350)
    project_create(actor=staff, data={
        "code": "KC-2026-001", "title": "Hỗ trợ máy dệt", "activity": "technology", "funding_source": "local",
        "plan_year": 2026, "commune": commune, "estimated_cost": 1_600_000_000, "requested_funds": 160_000_000,
        "counterpart_funds": 1_440_000_000, "no_other_support": True, "machinery_condition": "new"})
    class_create(actor=staff, code="L-01", name="Truyền nghề mây tre đan", kind="truyen_nghe",
                 craft=craft_for_name("mây tre đan"), commune=commune, start_date=datetime.date(2014, 3, 1),
                 end_date=datetime.date(2014, 6, 30), planned_trainees=25, cost=85_000_000)
    client.force_login(staff)
    return staff


def workbook(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def column(sheet, label):
    """The column letter of a header label, and the first data cell."""
    for cell in sheet[1]:
        if cell.value == label:
            return cell.column_letter, sheet[f"{cell.column_letter}2"]
    raise AssertionError(f"no column {label!r}")


def assert_readable_header(sheet):
    header = [cell for cell in sheet[1] if cell.value is not None]
    assert header and all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.auto_filter.ref.split(":")[1].rstrip("0123456789") == header[-1].column_letter
    for cell in header:
        width = sheet.column_dimensions[cell.column_letter].width
        assert width >= min(MAX_WIDTH, len(cell.value)), f"{cell.value!r} is cut ({width})"


def test_projects_export_money_dates_codes_and_header(client, records):
    sheet = workbook(client.get(reverse("projects:project_export"))).active
    assert_readable_header(sheet)
    letter, cost = column(sheet, "Tổng dự toán (đồng)")
    assert cost.value == 1_600_000_000 and cost.number_format == "#,##0"
    assert sheet.column_dimensions[letter].width >= len("1.600.000.000")
    assert column(sheet, "Kinh phí đề nghị (đồng)")[1].number_format == "#,##0"
    assert column(sheet, "Mã đề án")[1].data_type == "s"
    assert column(sheet, "Năm kế hoạch")[1].number_format == "General"  # a year is not 2.026


def test_registry_export_codes_stay_text_and_counts_have_separators(client, records):
    sheet = workbook(client.get(reverse("imports:export", args=["establishments", "xlsx"]))).active
    assert_readable_header(sheet)
    assert column(sheet, "Mã số thuế")[1].value == "0012345678"
    letter, code = column(sheet, "Mã xã/phường")
    assert code.value == "00004" and code.data_type == "s"
    assert sheet.column_dimensions[letter].number_format == "@"  # typing a code there keeps its zeros
    assert column(sheet, "Số lao động")[1].number_format == "#,##0"


def test_training_export_dates_are_date_cells(client, records):
    sheet = workbook(client.get(reverse("training:class_list"), {"format": "xlsx"})).active
    assert_readable_header(sheet)
    start = column(sheet, "Khai giảng")[1]
    assert start.is_date and start.value.date() == datetime.date(2014, 3, 1) and start.number_format == "DD/MM/YYYY"
    assert column(sheet, "Kinh phí (đồng)")[1].number_format == "#,##0"
    assert column(sheet, "Học viên kế hoạch")[1].number_format == "#,##0"


def test_every_kind_export_and_template_has_the_readable_header(client, records):
    for kind in KINDS:
        assert_readable_header(workbook(client.get(reverse("imports:export", args=[kind, "xlsx"]))).active)
        template = workbook(client.get(reverse("imports:template", args=[kind])))["Dữ liệu"]
        assert_readable_header(template)
    template = workbook(client.get(reverse("imports:template", args=["establishments"])))["Dữ liệu"]
    formats = {cell.value: template.column_dimensions[cell.column_letter].number_format for cell in template[1]}
    assert formats["Mã cơ sở"] == formats["Mã xã/phường"] == formats["Mã số thuế"] == "@"
    assert formats["Số lao động"] == "#,##0" and formats["Năm thành lập"] == "General"


def test_formatted_export_still_re_imports_unchanged(records, tmp_path):
    for kind in ("establishments", "projects", "training_classes"):
        path = tmp_path / f"{kind}.xlsx"
        call_command("export", kind, str(path), stdout=io.StringIO())
        result = import_file(user=SYSTEM, kind=kind, path=path, mode="update")
        assert result.ok, result.errors
        assert result.unchanged == result.total_rows == 1 and result.updated == 0


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_shows_money_in_full(client, records, tmp_path):
    """What a person sees: LibreOffice prints the project export to PDF with the whole amounts, no 1.6E+08."""
    path = tmp_path / "de-an.xlsx"
    response = client.get(reverse("projects:project_export"))
    path.write_bytes(b"".join(response.streaming_content))
    subprocess.run([LIBREOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "de-an.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "E+" not in text
        assert "1,600,000,000" in text or "1.600.000.000" in text  # the separator follows LibreOffice's locale
        assert "Tổng dự toán (đồng)" in text
