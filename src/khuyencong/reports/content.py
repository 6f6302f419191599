"""What a report says, as data: its figures (all from `indicators.engine.compute`), its tables and its
sections of text. The DOCX, the XLSX and the PDF are written from one `Content`, so they always agree.

- the period's values, and each year's (`by="year"`); for an annual report the years are the five ending
  with the report's year, so the trend table and charts give the year its context;
- the breakdown by the unit's children (`by="child"`): old districts of a legacy province, communes of a
  current one (a commune has none); only children with a figure are listed, the others counted in a note;
- the targets of exactly this unit and period with their status (`indicators.targets.target_status`), and
  the targets that cover the year after the period (section III).
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.core.periods import FIRST_YEAR, Period
from khuyencong.core.spreadsheets import COUNT_FORMAT, MONEY_FORMAT, PERCENT_FORMAT, YEAR_FORMAT
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.selectors import NoChildren
from khuyencong.indicators.catalogue import CATALOGUE, Unit
from khuyencong.indicators.engine import compute
from khuyencong.indicators.selectors import target_list
from khuyencong.indicators.targets import TargetStatus, target_status
from khuyencong.reports import narrative
from khuyencong.reports.letterhead import Letterhead, letterhead, official_date
from khuyencong.reports.models import ReportKind

# The columns of the breakdown table, and of the craft-village table.
BREAKDOWN = ("establishments_supported", "support_funds", "jobs_created", "training_classes", "trainees",
             "craft_villages")
VILLAGES = ("craft_villages", "recognised_villages", "traditional_villages", "village_households",
            "village_workers", "village_production_value")
TREND_YEARS = 5
NUMBER_FORMATS = {Unit.VND: MONEY_FORMAT, Unit.PERCENT: PERCENT_FORMAT, Unit.USD: MONEY_FORMAT}


@dataclass
class Table:
    """One table: `values` are what the XLSX holds (numbers stay numbers), `cells` what the DOCX shows."""

    key: str
    sheet: str
    title: str
    header: list[str]
    values: list[list] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)
    row_formats: list[dict[int, str]] | None = None
    note: str = ""
    widths: list[float] | None = None  # column widths in the DOCX, in mm (the text is 165 mm wide)

    def add(self, values: list, cells: list[str]) -> None:
        self.values.append(values)
        self.cells.append(cells)


@dataclass
class Figures:
    """The engine's answers for one report."""

    unit: AdminUnit
    period: Period
    values: dict
    unapproved: set
    years: dict              # {"2011": {code: value}, …} over `trend`
    trend: Period
    children: dict | None    # {code: {code: value}} or None for a commune
    child_labels: dict
    targets: list[TargetStatus]
    next_targets: list[TargetStatus]
    has_data: bool


def gather(*, kind: str, unit: AdminUnit, period: Period, today=None) -> Figures:
    """Every figure a report needs, from the engine."""
    today = today or timezone.localdate()
    trend = period if kind == ReportKind.REVIEW else Period(max(FIRST_YEAR, period.end - TREND_YEARS + 1),
                                                            period.end)
    by_year = compute(unit=unit, period=trend, by="year")
    totals = by_year if trend == period else compute(unit=unit, period=period)
    try:
        by_child = compute(codes=list(BREAKDOWN), unit=unit, period=period, by="child")
        children, labels = by_child.breakdown, by_child.breakdown_labels
    except NoChildren:
        children, labels = None, {}
    targets = [target_status(t, today=today) for t in _targets(unit, period.start, period.end)]
    nxt = period.end + 1
    next_targets = [target_status(t, today=today) for t in _targets_covering(unit, nxt)]
    has_data = any(value not in (None, 0) for value in totals.values.values())
    return Figures(unit=unit, period=period, values=totals.values, unapproved=totals.unapproved,
                   years=by_year.breakdown, trend=trend, children=children, child_labels=labels,
                   targets=targets, next_targets=next_targets, has_data=has_data)


def _targets(unit, start, end):
    # The report's unit was checked against its author's scope when it was asked for; generation reads as
    # the system actor, filtered to exactly that unit.
    return [t for t in target_list(user=SYSTEM, filters={"unit": unit})
            if t.start_year == start and t.end_year == end and t.indicator in CATALOGUE]


def _targets_covering(unit, year):
    return [t for t in target_list(user=SYSTEM, filters={"unit": unit})
            if t.start_year <= year <= t.end_year and t.indicator in CATALOGUE]


# --- tables ----------------------------------------------------------------------------------------------
def results_table(figures: Figures) -> Table:
    """Bảng 1: every indicator's result, with its target and status where one was set."""
    by_code = {status.indicator.code: status for status in figures.targets}
    table = Table("results", _("Kết quả và mục tiêu"), _("Kết quả thực hiện các chỉ tiêu so với mục tiêu"),
                  [_("STT"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Thực hiện"), _("Mục tiêu"), _("Đánh giá")])
    for number, indicator in enumerate(CATALOGUE.values(), start=1):
        value = figures.values.get(indicator.code)
        status = by_code.get(indicator.code)
        target_text = status.bounds if status else "—"
        verdict = status.label if status else "—"
        shown = indicator.display(value)
        if indicator.code in figures.unapproved:
            shown += " " + _("(số liệu chưa duyệt)")
        table.add([number, str(indicator.name), indicator.unit_label, _xlsx_value(value, indicator), target_text,
                   verdict],
                  [str(number), str(indicator.name), indicator.unit_label, shown, target_text, verdict])
    table.row_formats = [{3: NUMBER_FORMATS.get(i.unit, COUNT_FORMAT)} for i in CATALOGUE.values()]
    table.widths = [13, 60, 20, 28, 22, 22]
    table.note = _("Cột thực hiện: — là chưa có số liệu, không phải 0; cột mục tiêu: — là chưa đặt mục tiêu. Tiền "
                   "tính bằng đồng trong bảng tính XLSX.")
    return table


def breakdown_table(figures: Figures) -> Table | None:
    """Bảng 2: the main indicators of each child unit with a figure, and the unit's total."""
    if figures.children is None:
        return None
    indicators = [CATALOGUE[c] for c in BREAKDOWN]
    level = _("quận, huyện, thị xã") if figures.unit.hierarchy == "legacy" else _("xã, phường")
    table = Table("breakdown", _("Theo đơn vị"), _("Kết quả theo %(level)s") % {"level": level},
                  [_("STT"), _("Đơn vị")] + [f"{i.name} ({i.unit_label})" for i in indicators])
    shown = [(code, row) for code, row in figures.children.items() if any(row.get(c) for c in BREAKDOWN)]
    for number, (code, row) in enumerate(shown, start=1):
        label = figures.child_labels[code]
        table.add([number, label] + [_xlsx_value(row.get(i.code), i) for i in indicators],
                  [str(number), label] + [i.display(row.get(i.code)) for i in indicators])
    total_label = _("Toàn %(unit)s") % {"unit": figures.unit.name}
    table.add(["", total_label] + [_xlsx_value(figures.values.get(i.code), i) for i in indicators],
              ["", total_label] + [i.display(figures.values.get(i.code)) for i in indicators])
    table.widths = [13, 38] + [19] * len(indicators)
    table.formats = {2 + n: NUMBER_FORMATS.get(i.unit, COUNT_FORMAT) for n, i in enumerate(indicators)}
    omitted = len(figures.children) - len(shown)
    notes = [_("Dòng cuối là số của cả đơn vị; đề án toàn thành phố (không thuộc xã nào) chỉ có trong dòng này.")]
    if omitted:
        notes.append(_("%(n)s đơn vị khác chưa có kết quả nào trong kỳ.") % {"n": omitted})
    table.note = " ".join(notes)
    return table


def villages_table(figures: Figures) -> Table:
    """Bảng 3: craft villages year by year (the state at the end of each year)."""
    indicators = [CATALOGUE[c] for c in VILLAGES]
    table = Table("villages", _("Làng nghề"), _("Làng nghề, làng có nghề qua các năm"),
                  [_("Năm"), *[f"{i.name} ({i.unit_label})" for i in indicators]])
    for year, row in (figures.years or {}).items():
        table.add([int(year)] + [_xlsx_value(row.get(i.code), i) for i in indicators],
                  [year] + [i.display(row.get(i.code)) for i in indicators])
    table.formats = {0: YEAR_FORMAT} | {1 + n: NUMBER_FORMATS.get(i.unit, COUNT_FORMAT)
                                        for n, i in enumerate(indicators)}
    table.widths = [15] + [25] * len(indicators)
    table.note = _("Giá trị sản xuất tính bằng đồng trong bảng tính XLSX; — là chưa có số liệu năm đó.")
    return table


def _xlsx_value(value, indicator):
    """The number the XLSX cell holds: percent as a percent (80.0), money in đồng, no data as empty."""
    if value is None:
        return None
    if indicator.unit == Unit.PERCENT:
        return round(float(value), 2)
    return value


@dataclass
class Content:
    kind: str
    unit: AdminUnit
    period: Period
    head: Letterhead
    title: str
    subtitle: str
    scope_line: str
    date_line: str
    figures: Figures
    tables: list[Table]
    sections: list = field(default_factory=list)  # [(heading, [block, …])], built by narrative.sections


def build(*, kind: str, unit: AdminUnit, period: Period, today=None) -> Content:
    today = today or timezone.localdate()
    figures = gather(kind=kind, unit=unit, period=period, today=today)
    head = letterhead(unit)
    tables = [t for t in (results_table(figures), breakdown_table(figures), villages_table(figures)) if t]
    if kind == ReportKind.REVIEW:
        subtitle = _("Tổng kết chương trình khuyến công giai đoạn %(period)s") % {"period": period.label}
    else:
        subtitle = _("Kết quả thực hiện công tác khuyến công năm %(year)s") % {"year": period.end}
    content = Content(kind=kind, unit=unit, period=period, head=head, title=_("BÁO CÁO"),
                      subtitle=subtitle, scope_line=_("trên địa bàn %(unit)s") % {"unit": unit.name},
                      date_line=official_date(head.place, today),
                      figures=figures, tables=tables)
    content.sections = narrative.sections(content)
    return content
