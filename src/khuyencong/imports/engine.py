"""Validating an import: every row, in batches, with set-based look-ups; nothing is written here.

The Importer reads the table, maps the header to the kind's columns, parses each cell, resolves
unit codes, references, existing records and secondary keys one query per batch (never one per
row), applies the mode (create / update / upsert), the user's scope and the duplicate-key rules,
and keeps for each good row only what the writer needs. `writer.write_plans` then writes.
"""

from collections import defaultdict
from itertools import islice

from khuyencong.accounts.scoping import has_province_scope, scope_commune_ids
from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit, Hierarchy, Level, UnitSuccession
from khuyencong.imports.columns import CellError, Enum
from khuyencong.imports.kinds.base import Kind, m2m_parts, m2m_value_field
from khuyencong.imports.permissions import import_roles
from khuyencong.imports.reading import FileFormatError, open_table
from khuyencong.imports.results import ImportResult, Plan, RowError

BATCH = 2000
MODES = ("create", "update", "upsert")
MAX_DUPLICATE_NOTES = 500

__all__ = ["BATCH", "MODES", "ImportResult", "Importer", "Plan", "RowError"]


class Importer:
    def __init__(self, kind: Kind, *, user, hierarchy: str = Hierarchy.CURRENT, mode: str = "upsert",
                 dry_run: bool = False, valid_only: bool = False, progress=None, batch_size: int = BATCH,
                 options=None):
        if mode not in MODES:
            raise ValueError(f"Chế độ “{mode}” không hợp lệ (create, update hoặc upsert).")
        if hierarchy not in Hierarchy.values:
            raise ValueError(f"Hệ thống đơn vị “{hierarchy}” không hợp lệ (current hoặc legacy).")
        self.kind, self.user, self.hierarchy, self.mode = kind, user, hierarchy, mode
        known = {key for key, _label in kind.options}
        self.options = {key: True for key in (options or ()) if key in known}
        unknown = sorted(set(options or ()) - known)
        if unknown:
            raise ValueError(f"Tuỳ chọn {', '.join(unknown)} không áp dụng cho “{kind.label}”"
                             + (f" (có: {', '.join(sorted(known))})." if known else "."))
        self.progress = progress or (lambda done, total: None)
        self.batch_size = batch_size
        self.result = ImportResult(kind=kind.key, mode=mode, hierarchy=hierarchy, dry_run=dry_run,
                                   valid_only=valid_only)
        self.plans: list[Plan] = []
        self.rejects: list[tuple[int, list, list[str]]] = []
        self.header: list = []
        self.positions: list = []  # (index, Column)
        self.units: dict[str, dict[str, int]] = {}
        self.unit_codes: dict[int, tuple[str, str]] = {}
        self.refs: dict[str, dict[str, tuple[int, int | None]]] = defaultdict(dict)
        self.crafts: dict[str, int] | None = None
        self.new_crafts: dict[str, str] = {}
        self.seen_keys: dict[tuple, int] = {}
        self.seen_secondary: dict[tuple[str, str], int] = {}
        self.seen_names: dict[tuple[int, str], int] = {}
        self.allowed = self._allowed_communes()
        self.may_place_nowhere = self._may_place_nowhere()
        self._current_of: dict[int, int | None] | None = None

    # --- reading -------------------------------------------------------------------------------
    def validate(self, path, name: str | None = None) -> ImportResult:
        try:
            table = open_table(path, name)
        except FileFormatError as exc:
            self.result.file_error = str(exc)
            return self.result
        self.format = table.format
        try:
            self._map_header(table.header)
            if self.result.file_error:
                return self.result
            done = 0
            rows = iter(table.rows)
            while batch := list(islice(rows, self.batch_size)):
                self._validate_batch(batch)
                done += len(batch)
                self.progress(done, max(table.total or 0, done))
        except FileFormatError as exc:
            self.result.file_error = str(exc)
        finally:
            table.close()
        if not self.result.file_error and self.result.total_rows == 0:
            self.result.file_error = "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."
        if not self.result.file_error and self.kind.check_plans and self.plans:
            self._check_plans()
        self.result.valid_rows = len(self.plans)
        self.result.crafts_added = sorted(self.new_crafts.values())
        return self.result

    def _map_header(self, header: list) -> None:
        self.header = list(header)
        lookup = {}
        for col in self.kind.columns:
            lookup[fold(col.key)] = col
            lookup[fold(col.label)] = col
        used: dict[str, int] = {}
        unknown = []
        for index, cell in enumerate(header):
            text = "" if cell is None else str(cell).strip().rstrip("*").strip()
            if not text:
                continue
            col = lookup.get(fold(text))
            if col is None:
                unknown.append(text)
                continue
            if col.key in used:
                self._header_error(
                    text, f"Cột “{col.label}” xuất hiện hai lần (cột {used[col.key] + 1} và {index + 1}).")
                continue
            used[col.key] = index
            self.positions.append((index, col))
        expected = ", ".join(f"{c.key} ({c.label})" for c in self.kind.columns)
        if not self.positions:
            self.result.file_error = (
                "Dòng 1 phải là dòng tiêu đề với tên cột (mã hoặc tên tiếng Việt); không nhận ra cột nào. "
                f"Các cột của “{self.kind.label}”: {expected}."
            )
            return
        for text in unknown:
            self._header_error(
                text, f"Cột “{text}” không có trong loại dữ liệu “{self.kind.label}”. Các cột: {expected}.")
        # In update mode a file may carry only the key and the columns to change.
        needed = self.kind.required_columns if self.mode != "update" else [
            c for c in self.kind.required_columns if c.key in self.kind.key_columns]
        for col in needed:
            if col.key not in used:
                self._header_error(col.label, f"Thiếu cột bắt buộc “{col.label}” ({col.key}).")
        if self.result.errors:
            self.result.file_error = "Dòng tiêu đề có lỗi: " + " ".join(e.message for e in self.result.errors)

    def _header_error(self, column: str, message: str) -> None:
        self.result.errors.append(RowError(1, column, message))

    # --- one batch -----------------------------------------------------------------------------
    def _validate_batch(self, batch: list[tuple[int, list]]) -> None:
        parsed = []
        for number, cells in batch:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            self.result.total_rows += 1
            values, errors = {}, []
            for index, col in self.positions:
                raw = cells[index] if index < len(cells) else None
                if self.format == "xlsx" and isinstance(raw, str) and raw.startswith("="):
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
            if not errors and self.kind.clean_row:
                self.kind.clean_row(values, errors)
            if self.kind.flag_duplicates and values.get("name"):
                values["_match"] = self.kind.flag_duplicates(values["name"])  # computed once; the writer reuses it
            parsed.append([number, cells, values, errors])
        self._resolve(parsed)
        existing, secondary = self._fetch_existing(parsed)
        db_names = self._fetch_names(parsed) if self.kind.flag_duplicates else {}
        for number, cells, values, errors in parsed:
            plan = None if errors else self._plan(number, values, errors, existing, secondary)
            if errors:
                self._reject(number, cells, errors)
                continue
            if self.kind.flag_duplicates:
                self._flag_duplicate(number, values, plan, db_names)
            if self.kind.check_plans:
                plan.cells = list(cells)
            self.plans.append(plan)
            if plan.pk is None:
                self.result.created += 1
            elif plan.changes:
                self.result.updated += 1
            else:
                self.result.unchanged += 1

    def _check_plans(self) -> None:
        """The kind's whole-file rules: a refused row leaves the plans and is named like any bad row."""
        refused = self.kind.check_plans(self, self.plans) or {}
        if not refused:
            return
        kept = []
        for plan in self.plans:
            errors = refused.get(plan.row)
            if not errors:
                kept.append(plan)
                continue
            if plan.pk is None:
                self.result.created -= 1
            elif plan.changes:
                self.result.updated -= 1
            else:
                self.result.unchanged -= 1
            self._reject(plan.row, plan.cells or [], errors)
        self.plans = kept
        self.result.errors.sort(key=lambda e: e.row)
        self.rejects.sort(key=lambda r: r[0])

    def _reject(self, number, cells, errors) -> None:
        messages = []
        for key, message in errors:
            label = self.kind.column(key).label if key in self.kind.by_key else key
            self.result.errors.append(RowError(number, label, message))
            messages.append(f"{label}: {message}")
        self.rejects.append((number, list(cells), messages))

    # --- look-ups, one query per batch and kind of reference --------------------------------------
    def _unit_map(self, hierarchy: str) -> dict[str, int]:
        if hierarchy not in self.units:
            # Codes of one hierarchy differ in width by level (01, 277, 10030), so one map holds every level.
            any_level = any(c.is_unit and c.type.any_level for c in self.kind.columns)
            levels = Level.values if any_level else [Level.COMMUNE]
            rows = AdminUnit.objects.filter(hierarchy=hierarchy, level__in=levels).values_list("code", "pk")
            self.units[hierarchy] = dict(rows)
            for code, pk in self.units[hierarchy].items():
                self.unit_codes[pk] = (hierarchy, code)
        return self.units[hierarchy]

    def current_of(self, commune_pk: int) -> int | None:
        """Old → new commune map from geo.UnitSuccession: one successor → it, several → None."""
        if self._current_of is None:
            successors = defaultdict(list)
            for old, new in UnitSuccession.objects.filter(old__level=Level.COMMUNE).values_list("old_id", "new_id"):
                successors[old].append(new)
            self._current_of = {old: news[0] if len(news) == 1 else None for old, news in successors.items()}
            self._current_of.update({pk: pk for pk in self._unit_map(Hierarchy.CURRENT).values()})
        return self._current_of.get(commune_pk)

    def _resolve(self, parsed) -> None:
        ref_cols = [col for _i, col in self.positions if col.is_ref]
        for col in ref_cols:
            wanted = set()
            for _n, _c, values, _e in parsed:
                value = values.get(col.key)
                if isinstance(value, list):
                    wanted.update(value)
                elif value is not None:
                    wanted.add(value)
            self._fetch_refs(col, wanted - set(self.refs[col.key]))
        craft_model = next((col.type.model for _i, col in self.positions if col.uses_crafts), None)
        if craft_model is not None and self.crafts is None:
            self.craft_model = craft_model
            self.crafts = dict(craft_model.objects.values_list("folded_name", "pk"))
        for _number, _cells, values, errors in parsed:
            for _i, col in self.positions:
                value = values.get(col.key)
                if value in (None, "", []):
                    continue
                if col.is_unit:
                    hierarchy = values.get("hierarchy") or self.hierarchy
                    if value not in self._unit_map(hierarchy):
                        era = "hiện hành" if hierarchy == Hierarchy.CURRENT else "trước 01/07/2025 (legacy)"
                        what = "đơn vị" if col.type.any_level else "xã/phường"
                        errors.append((col.key, f"Không có {what} mã “{value}” trong hệ thống {era}."))
                elif col.is_ref:
                    codes = value if isinstance(value, list) else [value]
                    missing = [v for v in codes if v not in self.refs[col.key]]
                    if missing:
                        codes = ", ".join(f"“{v}”" for v in missing)
                        errors.append((col.key, f"Không tìm thấy {col.type.what or 'bản ghi'} có mã {codes}."))
                elif col.uses_crafts:
                    for name in value if isinstance(value, list) else [value]:
                        folded = fold(name)
                        if folded not in self.crafts and folded not in self.new_crafts:
                            self.new_crafts[folded] = name

    def _fetch_refs(self, col, wanted) -> None:
        """code → (pk, commune pk or None) for a Ref/RefList column; one query per batch."""
        if not wanted:
            return
        model = col.type.model
        has_commune = any(f.name == "commune" for f in model._meta.fields)
        fields = [col.type.field, "pk"] + (["commune_id"] if has_commune else [])
        cache = self.refs[col.key]
        for row in model.objects.filter(**{f"{col.type.field}__in": wanted}).values_list(*fields):
            cache[row[0]] = (row[1], row[2] if has_commune else None)

    def _key_sources(self) -> list[str]:
        return [self.kind.column(k).source for k in self.kind.key_columns]

    def _unit_key_sources(self) -> list[str]:
        """The hierarchy beside a unit code in a key: old and new units share codes."""
        return [c.source.replace("__code", "__hierarchy") for c in map(self.kind.column, self.kind.key_columns)
                if c.is_unit]

    def _compare_sources(self) -> list[str]:
        sources = []
        for _i, col in self.positions:
            if col.is_written and col.source and not col.is_m2m:
                sources.append(col.source)
                if col.is_unit:
                    sources.append(col.source.replace("__code", "__hierarchy"))
        return sources

    def _scope_source(self) -> str | None:
        col = self.kind.by_key.get(self.kind.scope_column or "")
        if col is None:
            return None
        return "commune_id" if col.is_unit else col.field.removesuffix("_id") + "__commune_id"

    def _fetch_existing(self, parsed):
        model = self.kind.model
        key_sources = self._key_sources()
        keys = [self._row_key(values) for _n, _c, values, errors in parsed if not errors]
        keys = [k for k in keys if k[0] is not None]  # later key parts may be empty (a trainee's birth year)
        fetch = ["pk", *dict.fromkeys(key_sources + self._unit_key_sources() + self._compare_sources())]
        scope_source = self._scope_source()
        if scope_source:
            fetch.append(scope_source)
        existing = {}
        if keys:
            first = {k[0] for k in keys}
            for row in model.objects.filter(**{f"{key_sources[0]}__in": first}).values(*fetch):
                existing[self._key_of(row, key_sources)] = row
        secondary = {}
        for key in self.kind.secondary_keys:
            wanted = {values.get(key) for _n, _c, values, e in parsed if not e} - {None, ""}
            if wanted:
                source = self.kind.column(key).source
                for row in model.objects.filter(**{f"{source}__in": wanted}).values(*fetch):
                    secondary[(key, row[source])] = row
        m2m_cols = [col for _i, col in self.positions if col.is_m2m]
        if m2m_cols:
            rows = list(existing.values()) + list(secondary.values())
            pks = {row["pk"] for row in rows}
            for col in m2m_cols:
                through, owner, target = m2m_parts(model, col)
                names = defaultdict(set)
                for pk, value in through.objects.filter(**{f"{owner}_id__in": pks}).values_list(
                        f"{owner}_id", f"{target}__{m2m_value_field(col)}"):
                    names[pk].add(value)
                for row in rows:
                    row[col.key] = names.get(row["pk"], set())
        return existing, secondary

    def _row_key(self, values) -> tuple:
        """A craft in a key is compared folded: “mây tre đan” is the catalogue's “Mây tre đan”."""
        hierarchy = values.get("hierarchy") or self.hierarchy
        return tuple(_key_part(self.kind.column(k), values.get(k), hierarchy) for k in self.kind.key_columns)

    def _key_of(self, row, key_sources) -> tuple:
        return tuple(_key_part(self.kind.column(k), row[s], row.get(s.replace("__code", "__hierarchy")))
                     for k, s in zip(self.kind.key_columns, key_sources, strict=True))

    # --- one row ------------------------------------------------------------------------------
    def _plan(self, number, values, errors, existing, secondary) -> Plan | None:
        key = self._row_key(values)
        if key in self.seen_keys:
            label = " + ".join(self.kind.column(k).label for k in self.kind.key_columns)
            errors.append((self.kind.key_columns[-1],
                           f"Trùng {label} với dòng {self.seen_keys[key]} trong cùng tệp."))
            return None
        self.seen_keys[key] = number
        record = existing.get(key)
        by_secondary = False
        for sec in self.kind.secondary_keys:
            value = values.get(sec)
            if not value:
                continue
            if (sec, value) in self.seen_secondary:
                errors.append((sec, f"Trùng {self.kind.column(sec).label} “{value}” với dòng "
                                    f"{self.seen_secondary[(sec, value)]} trong cùng tệp."))
                return None
            self.seen_secondary[(sec, value)] = number
            other = secondary.get((sec, value))
            if other is None:
                continue
            if record is None and self.mode != "create":
                record, by_secondary = other, True
            elif record is None or other["pk"] != record["pk"]:
                code = other.get(self._key_sources()[0])
                errors.append((sec, f"{self.kind.column(sec).label} “{value}” đã thuộc bản ghi khác (mã {code})."))
                return None
        key_text = " / ".join(str(k) for k in key)
        if self.mode == "create" and record is not None:
            errors.append((self.kind.key_columns[0],
                           f"“{key_text}” đã có trong hệ thống (chế độ create chỉ thêm mới)."))
            return None
        if self.mode == "update" and record is None:
            errors.append((self.kind.key_columns[0],
                           f"Không tìm thấy “{key_text}” (chế độ update chỉ sửa bản ghi có sẵn)."))
            return None
        if not self._in_scope(values, record, errors):
            return None
        plan = Plan(row=number, values=values, pk=record["pk"] if record else None)
        if by_secondary:
            self.result.matched_by_secondary += 1
            for k in self.kind.key_columns:  # a record found by its tax code keeps its own code
                values.pop(k, None)
        plan.changes = self._changes(values, record) if record else {}
        return plan

    def _allowed_communes(self) -> set[int] | None:
        """Communes a user may import into (accounts.scoping, the sets behind geo.located_in_q); None = all."""

        return scope_commune_ids(self.user, roles=import_roles(self.kind))

    def _may_place_nowhere(self) -> bool:
        """Rows with no commune (a city-wide project) are the province's: only province-level users import them."""

        return has_province_scope(self.user, roles=import_roles(self.kind))

    def _commune_of(self, values) -> int | None:
        col = self.kind.by_key.get(self.kind.scope_column or "")
        value = values.get(col.key) if col else None
        if col is None or value is None:
            return None
        if col.is_unit:
            return self._unit_map(values.get("hierarchy") or self.hierarchy)[value]
        return self.refs[col.key][value][1]

    def _in_scope(self, values, record, errors) -> bool:
        if self.allowed is None or self.kind.scope_column is None:
            return True
        commune = self._commune_of(values)
        old = record.get(self._scope_source()) if record else None
        if (commune is None or (record is not None and old is None)) and not self.may_place_nowhere:
            errors.append((self.kind.scope_column, "Dòng không có xã/phường (phạm vi toàn tỉnh/thành phố): "
                                                   "chỉ cán bộ cấp tỉnh được nhập."))
            return False
        for pk in (commune, old):
            if pk is not None and pk not in self.allowed:
                errors.append((self.kind.scope_column, "Xã/phường này nằm ngoài phạm vi đơn vị của bạn."))
                return False
        return True

    def _changes(self, values, record) -> dict:
        changes = {}
        for _i, col in self.positions:
            if col.key not in values or not col.is_written:
                continue
            new = values[col.key]
            if col.is_m2m:
                old_set = record.get(col.key, set())
                if {fold(v) if col.uses_crafts else v for v in new} != old_set:
                    changes[col.key] = [sorted(old_set), new]
                continue
            if col.uses_crafts:
                old = record.get(col.source)
                if fold(old or "") != fold(new or ""):
                    changes[col.key] = [old, new]
                continue
            old = record.get(col.source)
            if col.is_unit:
                hierarchy = values.get("hierarchy") or self.hierarchy
                old_h = record.get(col.source.replace("__code", "__hierarchy"))
                if (old_h, old) != (hierarchy, new) and not (old is None and new is None):
                    changes[col.key] = [f"{old} ({old_h})", f"{new} ({hierarchy})"]
                continue
            if new == "" and old is None or new is None and old == "":
                continue
            if new is None and isinstance(col.type, Enum) is False and _default_of(self.kind.model, col.field) == old:
                continue
            if old != new:
                changes[col.key] = [_jsonable(old), _jsonable(new)]
        return changes

    # --- duplicates ---------------------------------------------------------------------------
    def _fetch_names(self, parsed) -> dict[tuple[int, str], list[tuple[int, str]]]:
        pairs = {}
        for _n, _c, values, errors in parsed:
            if not errors and values.get("name"):
                commune = self._commune_of(values)
                if commune is not None:
                    pairs[(commune, values["_match"])] = True
        found = defaultdict(list)
        if pairs:
            communes = {c for c, _m in pairs}
            names = {m for _c, m in pairs}
            qs = self.kind.model.objects.filter(commune_id__in=communes, match_name__in=names)
            for pk, code, commune, name in qs.values_list("pk", "code", "commune_id", "match_name"):
                found[(commune, name)].append((pk, code))
        return found

    def _flag_duplicate(self, number, values, plan, db_names) -> None:
        name = values.get("name")
        commune = self._commune_of(values)
        if not name or commune is None:
            return
        key = (commune, values["_match"])
        notes = []
        if key in self.seen_names:
            notes.append(f"Dòng {number} (“{name}”) nghi trùng với dòng {self.seen_names[key]} cùng xã.")
        else:
            self.seen_names[key] = number
        for pk, code in db_names.get(key, []):
            if pk != plan.pk:
                notes.append(f"Dòng {number} (“{name}”) nghi trùng với bản ghi có sẵn mã {code} cùng xã.")
        if notes:
            self.result.duplicate_count += 1
            if len(self.result.duplicates) < MAX_DUPLICATE_NOTES:
                self.result.duplicates.extend(notes)


def _key_part(col, value, hierarchy=None):
    if col.is_unit and value is not None:
        return f"{value} ({hierarchy})"
    return fold(value) if col.uses_crafts and isinstance(value, str) else value


def _default_of(model, field_name):
    try:
        f = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field the model does not have has no default
        return None
    return f.get_default() if f.has_default() else None


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
