"""The pivot table ("Bảng tổng hợp"): chosen indicators × units × periods, each row one unit and one period,
each column one indicator, every figure from `engine.compute` (all the chosen indicators at once; see
`pivot_table` for how units are grouped). The size is bounded by `forms.PivotForm` (50 units, 20 indicators, 10 periods,
200 rows). The XLSX goes through `core.spreadsheets.write_sheet` (formula-safe, bold frozen header, numbers
stay numbers: counts and money `#,##0`, percentages `#,##0.0` in percent)."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from khuyencong.core.spreadsheets import COUNT_FORMAT, DECIMAL_FORMAT, MONEY_FORMAT, TEXT_FORMAT, write_sheet
from khuyencong.geo.models import Hierarchy
from khuyencong.indicators.catalogue import Unit
from khuyencong.indicators.engine import compute, json_number

HIERARCHY_LABELS = {Hierarchy.CURRENT: "current", Hierarchy.LEGACY: "legacy"}
LEAD_COLUMNS = 4  # unit code, unit, hierarchy, period
# From this many units under one parent, one computation of the parent by child is cheaper than one each.
GROUP_FROM = 4


@dataclass
class PivotRow:
    unit: object
    period: object
    indicators: list
    values: dict
    unapproved: set

    @property
    def cells(self) -> list[dict]:
        return [{"display": i.display(self.values[i.code]), "unapproved": i.code in self.unapproved}
                for i in self.indicators]


@dataclass
class Pivot:
    rows: list[PivotRow]
    # A computation of the table, for the freshness line (they all read the same tables at the same moment).
    result: object


def pivot_table(*, indicators, units, periods) -> Pivot:
    """Rows in the order asked (units, then periods). Units that share a parent are computed together, one
    `compute(by="child")` of the parent per period (each child gets exactly what computing it alone gives);
    the others one `compute` each."""
    codes = [i.code for i in indicators]
    groups: dict = defaultdict(list)
    for unit in units:
        groups[unit.parent_id].append(unit)
    cells, last = {}, None
    for period in periods:
        for parent_id, members in groups.items():
            if parent_id is not None and len(members) >= GROUP_FROM:
                last = compute(codes=codes, unit=members[0].parent, period=period, by="child")
                for unit in members:
                    cells[unit.pk, period] = (last.breakdown[unit.code], last.breakdown_unapproved[unit.code])
            else:
                for unit in members:
                    last = compute(codes=codes, unit=unit, period=period)
                    cells[unit.pk, period] = (last.values, last.unapproved)
    rows = [PivotRow(unit, period, indicators, *cells[unit.pk, period]) for unit in units for period in periods]
    return Pivot(rows, last)


def header(indicators) -> list[str]:
    return [_("Mã đơn vị"), _("Đơn vị"), _("Hệ thống"), _("Kỳ")] + [
        f"{i.name} ({i.unit_label})" for i in indicators]


def _format(indicator) -> str:
    if indicator.unit == Unit.PERCENT:
        return DECIMAL_FORMAT
    return MONEY_FORMAT if indicator.unit in (Unit.VND, Unit.USD) else COUNT_FORMAT


def write_xlsx(handle, *, indicators, rows: list[PivotRow]) -> None:
    """One sheet: the page's table with numbers as numbers (percent as percent, money in đồng, USD in USD)."""
    formats = {0: TEXT_FORMAT, 3: TEXT_FORMAT}
    formats.update({LEAD_COLUMNS + n: _format(i) for n, i in enumerate(indicators)})
    data = ([row.unit.code, row.unit.label, HIERARCHY_LABELS.get(row.unit.hierarchy, row.unit.hierarchy),
             str(row.period)] + [json_number(row.values[i.code], i) for i in indicators] for row in rows)
    write_sheet(handle, title=_("Bảng tổng hợp"), header=header(indicators), rows=data, formats=formats)
