"""The report's charts as PNG images (matplotlib, Agg backend: no display needed), Vietnamese number format
on the axes (1.350; 2,5) and Vietnamese labels. Each function answers PNG bytes, or None when there is
nothing to draw (a chart of zeros says nothing)."""

import io

from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from khuyencong.core.formatting import format_number
from khuyencong.indicators.catalogue import CATALOGUE

DPI = 150
SIZE = (6.3, 3.0)  # inches: the text width of an A4 page with the decree's margins
COLOURS = ("#1f5f8b", "#d9822b", "#5b8c3a")


def _vn_axis(value, _position):
    return format_number(round(value, 1) if abs(value) < 10 else round(value))


def _bars(title: str, years: dict, codes: tuple[str, ...]) -> bytes | None:
    labels = list(years)
    series = [[float(years[y].get(code) or 0) for y in labels] for code in codes]
    if not any(any(s) for s in series):
        return None
    figure = Figure(figsize=SIZE, dpi=DPI)  # the Agg canvas directly: no pyplot state, safe in a worker thread
    FigureCanvasAgg(figure)
    axis = figure.subplots()
    width = 0.8 / len(codes)
    for index, (code, values) in enumerate(zip(codes, series, strict=True)):
        xs = [n + (index - (len(codes) - 1) / 2) * width for n in range(len(labels))]
        bars = axis.bar(xs, values, width=width, label=str(CATALOGUE[code].name), color=COLOURS[index])
        axis.bar_label(bars, labels=[format_number(round(v)) if v else "" for v in values], fontsize=7)
    axis.set_xticks(range(len(labels)), labels)
    axis.yaxis.set_major_formatter(FuncFormatter(_vn_axis))
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=7, frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def years_chart(years: dict) -> bytes | None:
    """Training classes and supported establishments, year by year."""
    return _bars(_("Lớp truyền nghề, cấy nghề và cơ sở được hỗ trợ theo năm"), years,
                 ("training_classes", "establishments_supported"))


def villages_chart(years: dict) -> bytes | None:
    """Craft villages and recognised villages at the end of each year."""
    return _bars(_("Làng nghề, làng có nghề theo năm"), years, ("craft_villages", "recognised_villages"))


CHARTS = {"years": years_chart, "villages": villages_chart}
