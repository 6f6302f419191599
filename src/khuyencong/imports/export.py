"""Exporting a kind's filtered rows to XLSX or CSV, streamed: rows come from .values_list().iterator(),
the XLSX is written by openpyxl's write-only workbook into a temporary file, so 1M rows never sit in memory.

The export carries the key columns and a `hierarchy` column for its unit codes (each record's own
recorded commune, in its own hierarchy), so it re-imports without changes. Both formats are written by
`core.spreadsheets` (formula-safe, formatted for people).
"""

import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet
from django.utils.module_loading import import_string

from khuyencong.accounts.scoping import visible
from khuyencong.core import spreadsheets
from khuyencong.imports.columns import Bool, Code, Date, Int, Ref, RefList, UnitCode, Year
from khuyencong.imports.kinds.base import Kind, m2m_parts, m2m_value_field

CHUNK = 2000


class ExportFilterError(ValueError):
    """A filter that the list's form refuses; the message is ready to show to a user."""


def export_queryset(kind: Kind, *, user, params=None) -> QuerySet:
    """The rows a list page shows for these querystring `params`, in export order.

    There is one filter implementation: the kind's list filter form parses `params` exactly as the list page
    does, and the kind's list selector (the page's own) applies the filters and `user`'s scope. The
    command line passes `accounts.scoping.SYSTEM` as the user. A kind without a list (declared by another
    app with no filter form) exports every row in the user's scope and takes no filters.
    """
    params = {key: params.get(key) for key in (params if params is not None else {})
              if key not in kind.export_params}
    annotate = kind.export_annotate or (lambda qs: qs)
    if kind.filter_form is None:
        given = [key for key in params if params.get(key) not in (None, "")]
        if given:
            raise ExportFilterError(f"“{kind.label}” không có bộ lọc; bỏ {', '.join(given)}.")
        return annotate(visible(kind.model, user)).order_by(*kind.export_order)
    form = import_string(kind.filter_form)(params)
    if not form.is_valid():
        raise ExportFilterError(filter_errors(form))
    selector = import_string(kind.list_selector)
    return annotate(selector(user=user, filters=form.filters())).order_by(*kind.export_order)


def filter_errors(form) -> str:
    """The form's errors as one sentence: “Mã đơn vị: …; Ngành: …”."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "Bộ lọc không hợp lệ — " + "; ".join(parts)


def export_header(kind: Kind, columns=None) -> list[str]:
    return [col.label for col in columns or kind.columns]


def export_rows(kind: Kind, qs: QuerySet, *, for_csv: bool = False, columns=None) -> Iterator[list]:
    """Rows of cell values in the kind's column order (or `columns`: kind.columns_for_export), in chunks."""
    sources, plan = [], []
    columns = columns or kind.columns
    m2m = [col for col in columns if col.is_m2m]
    for col in columns:
        if col.is_m2m:
            plan.append(("m2m", col))
        elif col.key == "hierarchy":
            unit = kind.unit_column
            sources.append(unit.source.replace("__code", "__hierarchy"))
            plan.append(("value", col, len(sources)))
        else:
            sources.append(col.source)
            plan.append(("value", col, len(sources)))
    # values_list drops the selector's select_related; prefetch_related(None) its prefetches: plain tuples,
    # fetched CHUNK rows at a time (a server-side cursor on PostgreSQL).
    iterator = qs.prefetch_related(None).values_list("pk", *sources).iterator(chunk_size=CHUNK)
    while chunk := list(islice(iterator, CHUNK)):
        lists = {col.key: _m2m_names(kind, col, [row[0] for row in chunk]) for col in m2m}
        for row in chunk:
            out = []
            for step in plan:
                if step[0] == "m2m":
                    out.append("; ".join(lists[step[1].key].get(row[0], [])))
                    continue
                col, value = step[1], row[step[2]]
                out.append(_cell(col, value, for_csv))
            yield out


def _cell(col, value, for_csv):
    if value is None and not col.is_written:
        return ""  # a computed column with nothing to say (a trainee with no follow-up yet)
    if isinstance(col.type, Bool):
        return "có" if value else "không"
    if value is None:
        return ""
    if isinstance(col.type, Date) and for_csv and isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def _m2m_names(kind: Kind, col, pks) -> dict[int, list[str]]:
    through, owner, target = m2m_parts(kind.model, col)
    value = f"{target}__{m2m_value_field(col, display=True)}"
    names = defaultdict(list)
    for pk, name in through.objects.filter(**{f"{owner}_id__in": pks}).order_by(value).values_list(
            f"{owner}_id", value):
        names[pk].append(name)
    return names


def column_formats(columns) -> dict[int, str]:
    """Number formats by column: money and counts 1.350, dates dd/mm/yyyy, codes as text (years plain)."""
    formats = {}
    for index, col in enumerate(columns):
        if isinstance(col.type, Date):
            formats[index] = spreadsheets.DATE_FORMAT
        elif isinstance(col.type, Int) and not isinstance(col.type, Year):
            formats[index] = spreadsheets.COUNT_FORMAT  # Money is an Int: the same #,##0
        elif isinstance(col.type, (Code, UnitCode, Ref, RefList)):
            formats[index] = spreadsheets.TEXT_FORMAT
    return formats


def csv_chunks(kind: Kind, qs: QuerySet, columns=None) -> Iterator[str]:
    """CSV text (UTF-8 with BOM, for Excel, formula-safe), one chunk of rows at a time."""
    return spreadsheets.csv_chunks(export_header(kind, columns), export_rows(kind, qs, for_csv=True, columns=columns))


def write_xlsx(kind: Kind, qs: QuerySet, target, columns=None) -> int:
    """Write the rows to `target` (a path or a binary file)."""
    columns = columns or kind.columns
    return spreadsheets.write_sheet(target, title="Dữ liệu", header=export_header(kind, columns),
                                    rows=export_rows(kind, qs, columns=columns), formats=column_formats(columns))


def write_csv(kind: Kind, qs: QuerySet, path, columns=None) -> int:
    return spreadsheets.write_csv(path, header=export_header(kind, columns),
                                  rows=export_rows(kind, qs, for_csv=True, columns=columns))


def xlsx_tempfile(kind: Kind, qs: QuerySet, columns=None):
    """A temporary file holding the XLSX (deleted when closed), for FileResponse."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(kind, qs, handle, columns)
    handle.seek(0)
    return handle
