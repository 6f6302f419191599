"""Reported data of Hà Nội (the figures no record yields) and the programmes' published targets, as rows of the
`data_values` and `targets` import kinds; then the approval of the values of past years (draft → submitted →
approved, through the services), leaving this year's in the states an officer would find them.

Hà Nội's figures are entered for today's unit 01 and, up to 2020, also for the old unit 01 (the city's territory
did not change in 2025), so that a report of the 2011–2015 or 2016–2020 programme gives the same shares and
growths in either hierarchy.
"""

import random
from decimal import Decimal

from khuyencong.demo.published import (
    CNNT_2010,
    CNNT_2015,
    EXPORTS_2015,
    INDUSTRIAL_2015,
    TARGETS,
)
from khuyencong.indicators.models import DataValue, ValueState
from khuyencong.indicators.services.data_values import data_value_approve, data_value_submit

B = 1_000_000_000
APPROVED_UNTIL = 2024   # later values are submitted (2025) and awaiting approval
LEGACY_UNTIL = 2020     # the old unit 01 gets the figures of the programme periods before the reform


def _series(rng: random.Random, anchors: dict[int, Decimal], rates: dict[range, tuple[float, float]]) -> dict:
    """Yearly values through fixed anchor years, growing between them at a yearly rate drawn from `rates`."""
    values = dict(anchors)
    years = sorted(anchors)
    for first, last in zip(years, years[1:], strict=False):
        span = last - first
        steps = [rng.uniform(0.9, 1.1) for _ in range(span)]
        total = (anchors[last] / anchors[first]) ** (Decimal(1) / span)
        norm = Decimal(sum(steps) / span)
        value = anchors[first]
        for i, year in enumerate(range(first + 1, last)):
            value = value * (1 + (total - 1) * Decimal(steps[i]) / norm)
            values[year] = value.quantize(Decimal(1))
    for span, (low, high) in rates.items():
        for year in span:
            if year not in values:
                values[year] = (values[year - 1] * Decimal(1 + rng.uniform(low, high))).quantize(Decimal(1))
    return values


def data_values(rng: random.Random) -> list[dict]:
    series = {
        "industrial_production_value": _series(rng, {2010: Decimal(52_400 * B), 2015: Decimal(INDUSTRIAL_2015)},
                                               {range(2016, 2026): (0.06, 0.09)}),
        "cnnt_production_value": _series(rng, {2010: Decimal(CNNT_2010), 2015: Decimal(CNNT_2015)},
                                         {range(2016, 2026): (0.07, 0.09)}),
        # 2011–2015 grows 7.4% a year; 2016–2020 13% a year to 460.6 million USD; 2021–2025 7% a year
        "handicraft_exports_usd": _series(rng, {2010: Decimal(175_000_000), 2015: Decimal(EXPORTS_2015),
                                                2020: Decimal(460_600_000),
                                                2025: Decimal(646_000_000)}, {}),
    }
    rows = []
    for element, values in series.items():
        for year, value in sorted(values.items()):
            for hierarchy in ("legacy", "current") if year <= LEGACY_UNTIL else ("current",):
                rows.append({"element": element, "unit_code": "01", "year": str(year), "value": str(value),
                             "hierarchy": hierarchy})
    return rows


# Not published: two targets of the programme under way, so that a target on track shows too.
ILLUSTRATIVE = [
    ("jobs_created", "2026-2030", 60_000, 70_000, "Minh hoạ cho chương trình 2026–2030"),
    ("employment_rate", "2026-2030", 80, None, "Minh hoạ: ít nhất 80% học viên có việc làm"),
]


def targets() -> list[dict]:
    rows = []
    for indicator, period, low, high, note in TARGETS + ILLUSTRATIVE:
        first, _dash, last = period.partition("-")
        rows.append({"indicator": indicator, "unit_code": "01", "start_year": first, "end_year": last or first,
                     "low": "" if low is None else str(low), "high": "" if high is None else str(high),
                     "note": note, "hierarchy": "current"})
    return rows


def approve(users: dict) -> None:
    staff, approver = users["canbo"], users["lanhdao"]
    for value in DataValue.objects.filter(state=ValueState.DRAFT).order_by("pk"):
        if value.year > APPROVED_UNTIL + 1:
            continue
        value = data_value_submit(actor=staff, value=value)
        if value.year <= APPROVED_UNTIL:
            data_value_approve(actor=approver, value=value)
