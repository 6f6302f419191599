"""The pivot table ("Bảng tổng hợp"): chosen indicators × units × periods, each row one unit and one period,
each column one indicator, every figure from `engine.compute` (one computation per unit and period, all the
chosen indicators at once). The size is bounded by `forms.PivotForm` (50 units, 20 indicators, 10 periods,
200 rows). The XLSX goes through `core.spreadsheets.write_sheet` (formula-safe, bold frozen header, numbers
stay numbers: counts and money `#,##0`, percentages `#,##0.0` in percent)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from khuyencong.core.spreadsheets import COUNT_FORMAT, DECIMAL_FORMAT, MONEY_FORMAT, TEXT_FORMAT, write_sheet
from khuyencong.geo.models import Hierarchy
from khuyencong.indicators.catalogue import Unit
from khuyencong.indicators.engine import compute, json_number

HIERARCHY_LABELS = {Hierarchy.CURRENT: "current", Hierarchy.LEGACY: "legacy"}
LEAD_COLUMNS = 4  # unit code, unit, hierarchy, period


@dataclass
class PivotRow:
    unit: object
    period: object
    result: object

    @property
    def cells(self) -> list[dict]:
        return [{"display": i.display(self.result.values[i.code]), "unapproved": i.code in self.result.unapproved}
                for i in self.result.indicators]


def pivot_rows(*, indicators, units, periods) -> list[PivotRow]:
    codes = [i.code for i in indicators]
    return [PivotRow(unit, period, compute(codes=codes, unit=unit, period=period))
            for unit in units for period in periods]


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
             str(row.period)] + [json_number(row.result.values[i.code], i) for i in indicators] for row in rows)
    write_sheet(handle, title=_("Bảng tổng hợp"), header=header(indicators), rows=data, formats=formats)
