"""`khuyencong demo --check`: each published figure against what the ENGINE computes from the loaded records
(`indicators.engine.compute` for Hà Nội, the old unit 01 for the periods before the 2025 reform), and each
published target against the target stored and its status."""

from dataclasses import dataclass

from khuyencong.core.formatting import format_percent
from khuyencong.demo.published import FIGURES, TARGETS, Figure
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import unit_get
from khuyencong.indicators.catalogue import CATALOGUE
from khuyencong.indicators.engine import compute
from khuyencong.indicators.models import Target
from khuyencong.indicators.targets import STATUS_LABELS, bounds_text, target_status


@dataclass
class Line:
    figure: Figure
    value: object
    display: str
    ok: bool


def check_figures(hierarchy: str = Hierarchy.LEGACY) -> list[Line]:
    """One line per published figure, computed by the engine for Hà Nội (01) in `hierarchy`."""
    hanoi = unit_get(code="01", hierarchy=hierarchy)
    by_period: dict[str, list[Figure]] = {}
    for figure in FIGURES:
        by_period.setdefault(figure.period, []).append(figure)
    lines = []
    for period, figures in by_period.items():
        result = compute(codes=[f.code for f in figures], unit=hanoi, period=period, source="direct")
        for figure in figures:
            value = result.values[figure.code]
            indicator = CATALOGUE[figure.code]
            # percentages to two decimals here, so that 81,06% reads as the report gives it
            display = format_percent(value, 2) if indicator.unit == "percent" and value is not None else \
                indicator.display(value)
            lines.append(Line(figure, value, str(display), bool(figure.holds(value))))
    return lines


def check_targets() -> list[tuple[str, str, str, str]]:
    """(indicator, period, published, stored bounds and status) for each published target."""
    hanoi = unit_get(code="01")
    out = []
    for indicator, period, _low, _high, note in TARGETS:
        first, _dash, last = period.partition("-")
        target = Target.objects.filter(indicator=indicator, unit=hanoi, start_year=int(first),
                                       end_year=int(last or first)).first()
        if target is None:
            out.append((indicator, period, note, "—"))
            continue
        status, definition = target_status(target), CATALOGUE[indicator]
        out.append((indicator, period, note, f"{bounds_text(target, definition)}: "
                                             f"{STATUS_LABELS[status.status]} ({definition.display(status.actual)})"))
    return out
