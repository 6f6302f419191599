"""Exporting a kind's filtered rows to XLSX or CSV, streamed: rows come from .values_list().iterator(),
the XLSX is written by openpyxl's write-only workbook into a temporary file, so 1M rows never sit in memory.

The export carries the key columns and a `hierarchy` column for its unit codes (each record's own
recorded commune, in its own hierarchy), so it re-imports without changes.
"""

import csv
import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.db.models import Q, QuerySet

from khuyencong.accounts.scoping import scope_queryset
from khuyencong.core.text import fold
from khuyencong.geo.selectors import UnitNotFound, located_in_q, unit_get
from khuyencong.imports.columns import Bool, Date
from khuyencong.imports.kinds.base import Kind, m2m_parts, m2m_value_field

CHUNK = 2000
FILTER_KEYS = ("unit", "hierarchy", "kind", "sector", "craft", "recognition", "polluting", "q")


class ExportFilterError(ValueError):
    pass


def export_queryset(kind: Kind, *, user=None, filters: dict | None = None) -> QuerySet:
    """The kind's rows under the list filters; scoped to `user` (None = unscoped, for the CLI)."""
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    model = kind.model
    names = {f.name for f in model._meta.get_fields()}
    via = kind.located_via
    qs = model.objects.all()
    if user is not None:
        qs = scope_queryset(qs, user, commune_field=f"{via}commune", current_field=f"{via}current_commune")
    if "unit" in filters:
        try:
            unit = unit_get(code=filters["unit"], hierarchy=filters.get("hierarchy") or "current")
        except UnitNotFound as exc:
            raise ExportFilterError(str(exc)) from None
        qs = qs.filter(located_in_q(unit, commune_field=f"{via}commune", current_field=f"{via}current_commune"))
    if "kind" in filters and "kind" in names:
        qs = qs.filter(kind=filters["kind"])
    if "sector" in filters and "sector" in names:
        qs = qs.filter(sector__code=filters["sector"])
    if "recognition" in filters:
        if "recognition" in names:
            qs = qs.filter(recognition=filters["recognition"])
        elif "craft_village" in names:
            qs = qs.filter(craft_village__recognition=filters["recognition"])
    if "polluting" in filters and "polluting" in names:
        qs = qs.filter(polluting=str(filters["polluting"]).lower() in ("1", "true", "yes", "có", "co"))
    if "craft" in filters:
        from khuyencong.registry.models import CraftVillage

        craft = filters["craft"]
        craft_q = Q(pk=craft) if str(craft).isdigit() else Q(folded_name=fold(str(craft)))
        villages = CraftVillage.objects.filter(**{"crafts__in": _crafts(craft_q)})
        if "crafts" in names:
            qs = qs.filter(pk__in=villages.values("pk"))
        elif "craft_village" in names:
            qs = qs.filter(craft_village__in=villages.values("pk"))
    if "q" in filters:
        text = fold(filters["q"])
        field = "search_name" if "search_name" in names else None
        condition = Q(code__icontains=filters["q"]) if "code" in names else Q()
        if field:
            condition |= Q(**{f"{field}__contains": text})
        qs = qs.filter(condition)
    return qs.order_by(*kind.export_order)


def _crafts(condition: Q):
    from khuyencong.registry.models import Craft

    return Craft.objects.filter(condition).values("pk")


def export_header(kind: Kind) -> list[str]:
    return [col.label for col in kind.columns]


def export_rows(kind: Kind, qs: QuerySet, *, for_csv: bool = False) -> Iterator[list]:
    """Rows of cell values in the kind's column order, fetched in chunks."""
    sources, plan = [], []
    m2m = [col for col in kind.columns if col.is_m2m]
    for col in kind.columns:
        if col.is_m2m:
            plan.append(("m2m", col))
        elif col.key == "hierarchy":
            unit = kind.unit_column
            sources.append(unit.source.replace("__code", "__hierarchy"))
            plan.append(("value", col, len(sources)))
        else:
            sources.append(col.source)
            plan.append(("value", col, len(sources)))
    iterator = qs.values_list("pk", *sources).iterator(chunk_size=CHUNK)
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


class _Echo:
    def write(self, value):
        return value


def csv_chunks(kind: Kind, qs: QuerySet) -> Iterator[str]:
    """CSV text (UTF-8 with BOM, for Excel), one chunk of rows at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(export_header(kind))
    buffer = []
    for row in export_rows(kind, qs, for_csv=True):
        buffer.append(writer.writerow(row))
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def write_xlsx(kind: Kind, qs: QuerySet, target) -> int:
    """Write the rows to `target` (a path or a binary file) with openpyxl's write-only workbook."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    bold = Font(bold=True)
    header = []
    for label in export_header(kind):
        cell = WriteOnlyCell(ws, value=label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    date_columns = [i for i, col in enumerate(kind.columns) if isinstance(col.type, Date)]
    for row in export_rows(kind, qs):
        for i in date_columns:
            if row[i]:
                cell = WriteOnlyCell(ws, value=row[i])
                cell.number_format = "DD/MM/YYYY"
                row[i] = cell
        ws.append(row)
        count += 1
    wb.save(target)
    return count


def write_csv(kind: Kind, qs: QuerySet, path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(export_header(kind))
        for row in export_rows(kind, qs, for_csv=True):
            writer.writerow(row)
            count += 1
    return count


def xlsx_tempfile(kind: Kind, qs: QuerySet):
    """A temporary file holding the XLSX (deleted when closed), for FileResponse."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(kind, qs, handle)
    handle.seek(0)
    return handle
