"""khuyencong report review|annual --unit CODE --period … [--hierarchy …] --output FILE.docx|.xlsx|.pdf"""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from khuyencong.cli import main
from khuyencong.indicators.engine import compute
from tests.reports.conftest import docx_text, workbook

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_a_review_as_docx_and_an_annual_report_as_xlsx(world, tmp_path):
    target = tmp_path / "tong-ket.docx"
    said = run("review", "--unit", "277", "--hierarchy", "legacy", "--period", "2011-2015", "--output", str(target))
    assert said.strip() == f"Đã lập báo cáo tổng kết giai đoạn Huyện Chương Mỹ, 2011–2015: {target}"
    text = docx_text(target)
    trainees = compute(unit=world.chuong_my, period="2011-2015").values["trainees"]
    assert f"cho {trainees} lao động" in text and "trên địa bàn Huyện Chương Mỹ" in text
    assert "UBND THÀNH PHỐ HÀ NỘI" in text  # the old district's province
    book = tmp_path / "nam-2015.xlsx"
    run("annual", "--unit", "01", "--period", "2015", "--output", str(book))
    sheet = workbook(book)["Kết quả và mục tiêu"]
    values = {row[1].value: row[3].value for row in sheet.iter_rows(min_row=2)}
    assert values["Kinh phí khuyến công hỗ trợ"] == compute(unit=world.hanoi, period="2015").values["support_funds"]


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_a_pdf(world, tmp_path):
    target = tmp_path / "bao-cao.pdf"
    run("annual", "--unit", "10030", "--period", "2013", "--output", str(target))
    assert target.read_bytes()[:5] == b"%PDF-"


def test_no_libreoffice_no_pdf(world, tmp_path, settings):
    settings.REPORTS_SOFFICE = ""
    with pytest.raises(CommandError) as caught:
        run("annual", "--unit", "01", "--period", "2015", "--output", str(tmp_path / "x.pdf"))
    assert caught.value.returncode == 2 and "chưa cài LibreOffice" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("args", "says"), [
    (["summary", "--unit", "01", "--period", "2015", "--output", "x.docx"], "viết review (tổng kết"),
    ([], "viết review"),
    (["review", "--unit", "01", "--output", "x.docx"], "Cần --unit, --period và --output"),
    (["review", "--unit", "01", "--period", "2011-2015", "--output", "x.odt"], "phải có đuôi .docx, .xlsx hoặc .pdf"),
    (["review", "--unit", "01", "--period", "2015", "--output", "x.docx"], "Báo cáo tổng kết cần một giai đoạn"),
    (["annual", "--unit", "01", "--period", "2011-2015", "--output", "x.docx"], "Báo cáo năm cần một năm"),
    (["annual", "--unit", "01", "--period", "hai nghìn", "--output", "x.docx"], "không đọc được"),
    (["annual", "--unit", "277", "--period", "2015", "--output", "x.docx"], "chọn hệ thống legacy"),
    (["annual", "--unit", "99999", "--period", "2015", "--output", "x.docx"], "Không tìm thấy đơn vị có mã “99999”"),
    (["annual", "--unit", "01", "--period", "2015", "--hierarchy", "old", "--output", "x.docx"], "viết current"),
    (["annual", "--unit", "01", "--period", "2015", "--output", "/khong/co/x.docx"], "Thư mục “/khong/co” không có"),
])
def test_bad_input_exits_2_with_what_to_write(world, args, says):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    assert says in str(caught.value)


def test_the_console_script_exits_2(world, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["khuyencong", "report", "annual", "--unit", "01", "--period", "2015-2011", "--output", "x.docx"])
    assert caught.value.code == 2
    assert "hãy viết 2011-2015" in capsys.readouterr().err
