"""A report opened back as its reader would: python-docx for the DOCX, openpyxl for the XLSX, LibreOffice and
pdftotext for the PDF. Its figures are the engine's on the indicators' small Hanoi world."""

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document

from khuyencong.core.periods import Period
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import Target
from khuyencong.reports import narrative
from khuyencong.reports.content import BREAKDOWN, VILLAGES
from khuyencong.reports.services.reports import build_files
from khuyencong.reports.wording import approximate, percent
from tests.indicators.conftest import unit
from tests.reports.conftest import TODAY, docx_text, workbook

pytestmark = pytest.mark.django_db
LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def make(unit, period, kind="review", tmp_path=None, with_pdf=False):
    return build_files(kind=kind, unit=unit, period=Period.parse(period), directory=tmp_path, name="bao-cao",
                       with_pdf=with_pdf, today=TODAY)


@pytest.fixture
def targets(world):
    Target.objects.create(indicator="jobs_created", unit=world.hanoi, start_year=2011, end_year=2015, low=100)
    Target.objects.create(indicator="training_classes", unit=world.hanoi, start_year=2011, end_year=2015, low=2)
    Target.objects.create(indicator="jobs_created", unit=world.hanoi, start_year=2016, end_year=2020,
                          low=60_000, high=75_000)


@pytest.fixture
def review(world, targets, tmp_path):
    return make(world.hanoi, "2011-2015", tmp_path=tmp_path)


def test_the_official_header_fonts_and_margins(review):
    doc = Document(review["docx"])
    section = doc.sections[0]
    mm = {side: round(getattr(section, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25 and 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    head = doc.tables[0]
    left, right = head.rows[0].cells
    assert [p.text for p in left.paragraphs][:2] == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    national, motto = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and national.bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and motto.underline
    number, date = head.rows[1].cells
    assert number.text.startswith("Số:") and number.text.endswith("/BC-SCT")
    assert date.text == "Hà Nội, ngày 05 tháng 01 năm 2026" and date.paragraphs[0].runs[0].italic
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tổng kết chương trình khuyến công giai đoạn 2011–2015\ntrên địa bàn Thành phố Hà Nội" in texts
    # Times New Roman everywhere; 14 pt body, 13 pt header, tables and notes 11–12 pt
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
             if r.text.strip()]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r.font.size.pt for r in runs} <= {8, 11, 12, 13, 14}
    body = [p for p in doc.paragraphs if p.text.startswith("Giai đoạn 2011–2015")]
    assert body and body[0].runs[0].font.size.pt == 14
    assert national.font.size.pt == 13
    # the page number: a PAGE field centred in the top margin, not on the first page
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and section.header.paragraphs[0].alignment == 1
    # signature block
    signature = doc.tables[-1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:" and signature[0].paragraphs[-1].text == "- Lưu: VT, KC."
    assert signature[1].paragraphs[0].text == "GIÁM ĐỐC"


def test_the_narrative_states_the_engine_values(world, review):
    v = compute(unit=world.hanoi, period="2011-2015").values
    text = docx_text(review["docx"])
    display = {code: CATALOGUE[code].display(v[code]) for code in v}
    expected = [
        f"hỗ trợ kinh phí cho {approximate(v['establishments_supported'])} cơ sở CNNT với tổng kinh phí khuyến "
        f"công {display['support_funds']}, thu hút {display['counterpart_funds']} vốn đối ứng",
        f"tạo việc làm cho {approximate(v['jobs_created'])} lao động",
        f"Mở {v['training_classes']} lớp truyền nghề, cấy nghề cho {v['trainees']} lao động, "
        f"{percent(v['employment_rate'])} có việc làm sau đào tạo",
        f"Mở {v['management_classes']} lớp quản lý, khởi sự doanh nghiệp, thiết kế mẫu cho {v['managers_trained']}",
        f"Cấy nghề cho {v['villages_transplanted']} làng; {percent(v['transplants_sustained_rate'])} số làng",
        f"có {v['craft_villages']} làng nghề và làng có nghề, trong đó {v['recognised_villages']} làng nghề được "
        f"công nhận ({v['traditional_villages']} làng nghề truyền thống)",
        f"thu hút {approximate(v['village_workers'])} lao động; {v['village_households']} hộ làm nghề",
        # the industrial production value of 2015 is not approved yet: the share is an estimate
        f"chiếm khoảng {percent(v['village_share_of_industry'])} giá trị sản xuất công nghiệp",
        f"Giá trị sản xuất CNNT tăng bình quân {percent(v['cnnt_growth'])}/năm",
        f"đạt {display['handicraft_exports']}",
    ]
    for sentence in expected:
        assert sentence in text
    assert "hỗ trợ kinh phí cho 4 cơ sở CNNT với tổng kinh phí khuyến công 1,4 tỷ đồng" in text  # by hand
    assert "Mở 3 lớp truyền nghề, cấy nghề cho 6 lao động, 75% có việc làm" in text
    assert "tăng bình quân 10%/năm" in text and "300 triệu USD" in text


def test_limitations_and_next_period_come_from_targets_and_missing_data(review):
    text = docx_text(review["docx"])
    limitations = text.split("II. TỒN TẠI, HẠN CHẾ")[1].split("III. NHIỆM VỤ GIAI ĐOẠN TỚI")[0]
    assert "- Chỉ tiêu “Việc làm tạo ra” không đạt mục tiêu: thực hiện 50, mục tiêu ≥ 100." in limitations
    assert "Lớp truyền nghề" not in limitations  # 3 ≥ 2: met
    assert "Chưa có số liệu để tính 1 chỉ tiêu: Tốc độ tăng xuất khẩu thủ công mỹ nghệ bình quân năm." in limitations
    assert "chưa được duyệt nên là số ước tính: Tỷ trọng làng nghề trong giá trị sản xuất công nghiệp" in limitations
    tasks = text.split("III. NHIỆM VỤ GIAI ĐOẠN TỚI")[1]
    assert "- Việc làm tạo ra: 60.000 – 75.000 (2016–2020)." in tasks
    assert "Trong 2 mục tiêu đặt ra cho kỳ 2011–2015: 1 đạt, 1 không đạt" in text


def test_the_tables_hold_the_engine_values(world, review):
    result = compute(unit=world.hanoi, period="2011-2015")
    doc = Document(review["docx"])
    grids = {t.rows[0].cells[0].text + "|" + t.rows[0].cells[1].text: t for t in doc.tables[1:-1]}
    results = grids["STT|Chỉ tiêu"]
    for row, indicator in zip(results.rows[1:], CATALOGUE.values(), strict=True):
        cells = [c.text for c in row.cells]
        shown = indicator.display(result.values[indicator.code])
        assert cells[1] == str(indicator.name) and cells[3].startswith(shown)
    jobs = [c.text for c in results.rows[1 + list(CATALOGUE).index("jobs_created")].cells]
    assert jobs[4:] == ["≥ 100", "Không đạt"]
    by_child = compute(codes=list(BREAKDOWN), unit=world.hanoi, period="2011-2015", by="child")
    breakdown = grids["STT|Đơn vị"]
    rows = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in breakdown.rows[1:]}
    phu_nghia = by_child.breakdown["10030"]
    assert rows[by_child.breakdown_labels["10030"]] == [CATALOGUE[c].display(phu_nghia[c]) for c in BREAKDOWN]
    assert rows["Toàn Thành phố Hà Nội"] == [CATALOGUE[c].display(result.values[c]) for c in BREAKDOWN]
    by_year = compute(unit=world.hanoi, period="2011-2015", by="year").breakdown
    villages = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in grids["Năm|" + str(
        CATALOGUE["craft_villages"].name) + " (số lượng)"].rows[1:]}
    assert villages["2015"] == [CATALOGUE[c].display(by_year["2015"][c]) for c in VILLAGES]
    assert villages["2014"][4] == "800"  # V1's 2014 workers


def test_an_old_district_hierarchy_breaks_down_by_district(world, tmp_path):
    files = make(world.hanoi_old, "2011-2015", tmp_path=tmp_path)
    doc = Document(files["docx"])
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    rows = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    chuong_my = compute(codes=list(BREAKDOWN), unit=world.chuong_my, period="2011-2015").values
    assert rows[world.chuong_my.label] == [CATALOGUE[c].display(chuong_my[c]) for c in BREAKDOWN]
    assert "Kết quả theo quận, huyện, thị xã" in docx_text(files["docx"])


def test_the_workbook_holds_the_same_tables_as_numbers(world, review):
    result = compute(unit=world.hanoi, period="2011-2015")
    book = workbook(review["xlsx"])
    assert book.sheetnames == ["Kết quả và mục tiêu", "Theo đơn vị", "Làng nghề"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    results = book["Kết quả và mục tiêu"]
    values = {row[1].value: row for row in results.iter_rows(min_row=2)}
    json = result.as_json()["values"]
    for indicator in CATALOGUE.values():
        assert values[str(indicator.name)][3].value == json[indicator.code]
    assert values["Kinh phí khuyến công hỗ trợ"][3].value == 1_410_000_000
    assert values["Kinh phí khuyến công hỗ trợ"][3].number_format == "#,##0"
    assert values["Tỷ lệ học viên có việc làm"][3].number_format == '#,##0.0"%"'
    villages = book["Làng nghề"]
    years = {row[0].value: [c.value for c in row[1:]] for row in villages.iter_rows(min_row=2)}
    assert years[2015][:2] == [6, 1] and years[2015][5] == 55_000_000_000
    assert villages["A2"].number_format == "0"


def test_nothing_unformatted_leaks(review):
    text = docx_text(review["docx"])
    cells = [str(c) for ws in workbook(review["xlsx"]).worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None]
    for leak in ("None", "nan", "{{", "{%", "True", "False", "Decimal"):
        assert leak not in text, leak
        assert not any(leak in c for c in cells), leak


def test_a_period_with_no_data_says_so(world, tmp_path):
    da_nang = unit("48")
    files = make(da_nang, "2015", kind="annual", tmp_path=tmp_path)
    text = docx_text(files["docx"])
    assert "Năm 2015, trên địa bàn Thành phố Đà Nẵng, chưa có số liệu khuyến công nào" in text
    assert "Kết quả thực hiện công tác khuyến công năm 2015" in text
    assert "III. NHIỆM VỤ NĂM 2016" in text
    assert "UBND THÀNH PHỐ ĐÀ NẴNG" in text and "Đà Nẵng, ngày 05 tháng 01 năm 2026" in text
    assert not Document(files["docx"]).inline_shapes  # no empty charts
    for leak in ("None", "nan", "{{"):
        assert leak not in text


def test_charts_are_embedded_images(review):
    doc = Document(review["docx"])
    assert len(doc.inline_shapes) == 2
    assert "Biểu đồ 1" in docx_text(review["docx"]) and "Biểu đồ 2" in docx_text(review["docx"])


def test_the_published_figures_read_as_the_review_writes_them():
    """Hà Nội's 2011–2015 review: 473 lớp, 17.800 lao động, 80% có việc làm, 1.350 làng, 250 làng công nhận."""
    values = dict.fromkeys(CATALOGUE) | {
        "training_classes": 473, "trainees": 17_800, "employment_rate": 80.0, "craft_villages": 1_350,
        "recognised_villages": 250, "traditional_villages": 0, "establishments_supported": 5_123,
        "jobs_created": 49_612, "support_funds": Decimal(1)}
    content = SimpleNamespace(kind="review", unit=SimpleNamespace(name="Thành phố Hà Nội"),
                              period=Period(2011, 2015), figures=SimpleNamespace(values=values, unapproved=set()))
    writer = narrative.Writer(content)
    text = " ".join(writer.training() + writer.villages() + writer.support())
    assert "Mở 473 lớp truyền nghề, cấy nghề cho 17.800 lao động, 80% có việc làm" in text
    assert "có 1.350 làng nghề và làng có nghề, trong đó 250 làng nghề được công nhận." in text
    assert "hỗ trợ kinh phí cho hơn 5.100 cơ sở CNNT" in text and "tạo việc làm cho gần 50.000 lao động" in text


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice is not installed (.ci/run installs it)")
def test_the_pdf_through_libreoffice(world, targets, tmp_path):
    files = make(world.hanoi, "2011-2015", tmp_path=tmp_path, with_pdf=True)
    assert files["pdf"] and not files["pdf_note"]
    text = subprocess.run(["pdftotext", "-layout", str(files["pdf"]), "-"], capture_output=True, check=True,
                          text=True).stdout
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SỞ CÔNG THƯƠNG",
                 "Hà Nội, ngày 05 tháng 01 năm 2026", "II. TỒN TẠI, HẠN CHẾ", "GIÁM ĐỐC"):
        assert line in text
    assert "Mở 3 lớp truyền nghề, cấy nghề cho 6 lao động" in " ".join(text.split())
    # the first two pages as images, for a person to look at (var/screenshots/report-page-1.png, -2.png)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(files["pdf"]),
                    str(SCREENSHOTS / "report-page")], check=True)
    assert (SCREENSHOTS / "report-page-1.png").exists()


def test_the_docx_is_a_valid_word_file(review):
    data = Path(review["docx"]).read_bytes()
    assert data[:2] == b"PK"
    Document(io.BytesIO(data))


def test_the_report_is_vietnamese_whatever_the_pages_language(world, tmp_path):
    from django.utils import translation

    with translation.override("en"):
        files = make(world.hanoi, "2015", kind="annual", tmp_path=tmp_path)
    text = docx_text(files["docx"])
    assert "Kết quả thực hiện công tác khuyến công năm 2015" in text and "I. KẾT QUẢ THỰC HIỆN" in text
    assert "REPORT" not in text and "Results" not in text


def test_open_quality_flags_of_the_unit_are_a_limitation_checked_ones_are_not(world, targets, tmp_path):
    from khuyencong.indicators import quality
    from khuyencong.indicators.models import DataElement, DataValue, FlagState, QualityFlag

    element = DataElement.objects.get(code="cnnt_production_value")
    mine = DataValue.objects.create(element=element, unit=world.phu_nghia, year=2014, value=Decimal(-5))
    DataValue.objects.create(element=element, unit=unit("79"), year=2014, value=Decimal(-7))  # another province
    quality.scan()
    assert QualityFlag.objects.filter(state=FlagState.OPEN, rule="negative").count() == 2

    def limitations():
        text = docx_text(make(world.hanoi, "2011-2015", tmp_path=tmp_path)["docx"])
        return text.split("II. TỒN TẠI, HẠN CHẾ")[1].split("III. NHIỆM VỤ GIAI ĐOẠN TỚI")[0]

    assert ("Còn 1 cảnh báo chất lượng số liệu chưa được kiểm tra (Giá trị âm: 1); cần kiểm tra, sửa các số liệu "
            "này trước khi sử dụng.") in limitations()
    QualityFlag.objects.filter(data_value=mine).update(state=FlagState.CHECKED)
    assert "cảnh báo chất lượng số liệu" not in limitations()
