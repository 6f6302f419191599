"""The report as a DOCX in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I, văn bản hành chính):

- A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt, header 13 pt;
- the header, a borderless two-column table: on the left the governing body (regular capitals) and the
  issuing agency (bold capitals), then "Số: …/BC-SCT"; on the right the national name "CỘNG HÒA XÃ HỘI CHỦ
  NGHĨA VIỆT NAM" (bold capitals, 13 pt) and the motto "Độc lập - Tự do - Hạnh phúc" (bold, 14 pt,
  underlined), then the place and date in italics ("Hà Nội, ngày 05 tháng 01 năm 2026");
- the title "BÁO CÁO" (bold, centred) and its subject below it (bold);
- page numbers centred in the top margin, not shown on the first page;
- the signature block: "Nơi nhận:" (bold italic, 12 pt) with its list (11 pt) on the left, the signer's
  title (bold capitals) and name (bold) on the right.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from khuyencong.reports.charts import CHARTS

FONT = "Times New Roman"
BODY_PT, HEAD_PT, TABLE_PT = 14, 13, 11
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def write_docx(content, target) -> None:
    """Write `content` (reports.content.Content) to `target` (a path or a binary file)."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _header(doc, content)
    _title(doc, content)
    tables = {t.key: t for t in content.tables}
    numbers = {"table": 0, "chart": 0}
    for heading, blocks in content.sections:
        _paragraph(doc, heading, bold=True, space_before=6)
        for kind, value in blocks:
            if kind == "h2":
                _paragraph(doc, value, bold=True)
            elif kind == "p":
                _paragraph(doc, value, indent=True)
            elif kind == "bullet":
                _paragraph(doc, f"- {value}", indent=True)
            elif kind == "table":
                numbers["table"] += 1
                _table(doc, tables[value], numbers["table"])
            elif kind == "chart":
                image = CHARTS[value](content.figures.years or {})
                if image:
                    numbers["chart"] += 1
                    _chart(doc, image, numbers["chart"])
    _paragraph(doc, _("Trên đây là báo cáo %(subject)s %(scope)s của %(agency)s./.") % {
        "subject": content.subtitle[0].lower() + content.subtitle[1:], "scope": content.scope_line,
        "agency": content.head.agency.title()}, indent=True)
    _signature(doc, content)
    doc.save(target)


# --- page and styles ------------------------------------------------------------------------------------
def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # the first page shows no number
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    _font(run, HEAD_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = "2"
            run._r.append(shown)


def _styles(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15


def _font(run, size=BODY_PT, *, bold=False, italic=False, underline=False):
    run.font.name, run.font.size = FONT, Pt(size)
    run.font.bold, run.font.italic, run.font.underline = bold, italic, underline
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    return run


def _paragraph(doc_or_cell, text, *, size=BODY_PT, bold=False, italic=False, underline=False, align=None,
               indent=False, space_before=0, space_after=6):
    paragraph = doc_or_cell.add_paragraph()
    _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(space_before), Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    return paragraph


def _cell_text(cell, text, *, size=HEAD_PT, bold=False, italic=False, underline=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    return paragraph


def _widths(table, millimetres) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, millimetres, strict=False):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, millimetres, strict=False):
            cell.width = Mm(width)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


# --- header, title, signature ---------------------------------------------------------------------------
def _header(doc, content) -> None:
    head = content.head
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [65, 100])
    left, right = table.rows[0].cells
    _cell_text(left, head.superior.upper(), first=True)
    _cell_text(left, head.agency.upper(), bold=True)
    _cell_text(left, "―――――", size=8)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, first=True)
    _cell_text(right, "Độc lập - Tự do - Hạnh phúc", size=BODY_PT, bold=True, underline=True)
    left, right = table.rows[1].cells
    _cell_text(left, f"Số:       /{head.symbol}", first=True)
    _cell_text(right, content.date_line, size=BODY_PT, italic=True, first=True)
    for cell in table.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(doc, content) -> None:
    _paragraph(doc, content.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18, space_after=0)
    _paragraph(doc, f"{content.subtitle}\n{content.scope_line}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               space_after=12)


def _signature(doc, content) -> None:
    head = content.head
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [80, 85])
    left, right = table.rows[0].cells
    paragraph = left.paragraphs[0]
    _font(paragraph.add_run(_("Nơi nhận:")), 12, bold=True, italic=True)
    for number, line in enumerate(head.recipients):
        end = "." if number == len(head.recipients) - 1 else ";"
        p = left.add_paragraph()
        _font(p.add_run(f"- {line}{end}"), 11)
        p.paragraph_format.space_after = Pt(0)
    _cell_text(right, head.signer_title.upper(), size=BODY_PT, bold=True, first=True)
    for _blank in range(4):
        _cell_text(right, "", size=BODY_PT)
    if head.signer_name:
        _cell_text(right, head.signer_name, size=BODY_PT, bold=True)


# --- tables and charts ----------------------------------------------------------------------------------
def _table(doc, table, number: int) -> None:
    _paragraph(doc, _("Bảng %(n)s. %(title)s") % {"n": number, "title": table.title}, size=12, bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6, space_after=3)
    grid = doc.add_table(rows=1 + len(table.cells), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if table.widths:
        _widths(grid, table.widths)
    for index, label in enumerate(table.header):
        _grid_text(grid.rows[0].cells[index], str(label), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(grid.rows[0])
    for r, row in enumerate(table.cells, start=1):
        for c, text in enumerate(row):
            numeric = c > 0 and _looks_numeric(text)
            _grid_text(grid.rows[r].cells[c], text,
                       align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT,
                       bold=r == len(table.cells) and table.key == "breakdown")
    if table.note:
        _paragraph(doc, table.note, size=11, italic=True, space_before=3)


def _looks_numeric(text: str) -> bool:
    head = text.split(" ")[0]
    return bool(head) and (head[0].isdigit() or head == "—")


def _grid_text(cell, text, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT):
    paragraph = cell.paragraphs[0]
    _font(paragraph.add_run(text), TABLE_PT, bold=bold)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _chart(doc, image: bytes, number: int) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(image), width=Mm(160))
    _paragraph(doc, _("Biểu đồ %(n)s") % {"n": number}, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
