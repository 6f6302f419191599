"""Validating an import: every row, in batches, with set-based look-ups; nothing is written here.

The Importer reads the table and runs the parts around one `ImportContext`: the header is mapped to the
kind's columns (`header.py`), each cell parsed by its column type, units, references and crafts resolved
one query per batch (`resolve.py`), existing records and secondary keys fetched and each good row planned
under the mode, the user's scope and the key rules (`planning.py`). The kind's whole-file rules
(`check_plans`) run last. `writer.write_plans(importer.context)` then writes.
"""

from itertools import islice

from khuyencong.geo.models import Hierarchy
from khuyencong.imports.columns import CellError
from khuyencong.imports.context import BATCH, MODES, ImportContext
from khuyencong.imports.header import map_header
from khuyencong.imports.kinds.base import Kind
from khuyencong.imports.planning import fetch_existing, fetch_names, finish, flag_duplicate, plan_row, refuse_planned
from khuyencong.imports.reading import FileFormatError, Formula, open_table
from khuyencong.imports.resolve import resolve
from khuyencong.imports.results import ImportResult, Plan, RowError

__all__ = ["BATCH", "MODES", "ImportContext", "ImportResult", "Importer", "Plan", "RowError"]


class Importer:
    def __init__(self, kind: Kind, *, user, hierarchy: str = Hierarchy.CURRENT, mode: str = "upsert",
                 dry_run: bool = False, valid_only: bool = False, progress=None, batch_size: int = BATCH,
                 options=None):
        self.context = ImportContext(kind, user=user, hierarchy=hierarchy, mode=mode, dry_run=dry_run,
                                     valid_only=valid_only, progress=progress, batch_size=batch_size,
                                     options=options)

    @property
    def result(self) -> ImportResult:
        return self.context.result

    @property
    def plans(self) -> list[Plan]:
        return self.context.plans

    def validate(self, path, name: str | None = None) -> ImportResult:
        ctx = self.context
        try:
            table = open_table(path, name)
        except FileFormatError as exc:
            ctx.result.file_error = str(exc)
            return ctx.result
        ctx.format = table.format
        try:
            map_header(ctx, table.header)
            if ctx.result.file_error:
                return ctx.result
            done = 0
            rows = iter(table.rows)
            while batch := list(islice(rows, ctx.batch_size)):
                self._validate_batch(batch)
                done += len(batch)
                ctx.progress(done, max(table.total or 0, done))
        except FileFormatError as exc:
            ctx.result.file_error = str(exc)
        finally:
            table.close()
        if not ctx.result.file_error and ctx.result.total_rows == 0:
            ctx.result.file_error = "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."
        if not ctx.result.file_error:
            finish(ctx)
            if ctx.kind.check_plans and ctx.plans:
                # The kind's whole-file rules: a refused row leaves the plans and is named like any bad row.
                refuse_planned(ctx, ctx.kind.check_plans(ctx, ctx.plans) or {})
            refuse_planned(ctx, ctx.identity_repeats)
        ctx.result.valid_rows = len(ctx.plans)
        ctx.result.crafts_added = sorted(ctx.new_crafts.values())
        return ctx.result

    def _validate_batch(self, batch: list[tuple[int, list]]) -> None:
        ctx = self.context
        kind = ctx.kind
        parsed = [row for number, cells in batch if (row := self._parse(number, cells)) is not None]
        resolve(ctx, parsed)
        found = fetch_existing(ctx, parsed)
        db_names = fetch_names(ctx, parsed) if kind.flag_duplicates else {}
        keep_cells = ctx.keeps_cells()
        for number, cells, values, errors in parsed:
            plan = None if errors else plan_row(ctx, number, cells, values, errors, found)
            if errors:
                ctx.reject(number, cells, errors)
                continue
            if plan is None:  # held until the end of the file (planning.finish)
                continue
            if kind.flag_duplicates:
                flag_duplicate(ctx, number, values, plan, db_names)
            if keep_cells:
                plan.cells = list(cells)
            ctx.plans.append(plan)
            if plan.pk is None:
                ctx.result.created += 1
            elif plan.changes:
                ctx.result.updated += 1
            else:
                ctx.result.unchanged += 1

    def _parse(self, number, cells) -> list | None:
        """[number, cells, values, errors] of a row, each cell parsed by its column's type; None for a blank row."""
        ctx = self.context
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            return None
        ctx.result.total_rows += 1
        values, errors = {}, []
        for index, col in ctx.positions:
            raw = cells[index] if index < len(cells) else None
            if isinstance(raw, Formula):
                errors.append((col.key, "Ô chứa công thức; hãy dán giá trị (Paste Special → Values)."))
                continue
            try:
                value = col.type.parse(raw)
            except CellError as exc:
                errors.append((col.key, str(exc)))
                continue
            if col.required and value in (None, "", []):
                errors.append((col.key, "Bắt buộc, đang để trống."))
            values[col.key] = value
        if not errors and ctx.kind.clean_row:
            ctx.kind.clean_row(values, errors)
        if ctx.kind.flag_duplicates and values.get("name"):
            values["_match"] = ctx.kind.flag_duplicates(values["name"])  # computed once; the writer reuses it
        return [number, cells, values, errors]
