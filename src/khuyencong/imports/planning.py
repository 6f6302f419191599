"""Planning rows: their keys, the existing records they match, the mode, what changes, namesakes, duplicates.

Existing records are fetched once per batch (`fetch_existing`); each good row then becomes a `Plan`
(`plan_row`): the record it matches (by key, by identity, by a secondary key), refused when the mode
forbids it, when another row of the file claims the same key or record, or when it is out of scope.

A kind with `identity_columns` (trainees: class + ID number) matches a row by them when it fills them;
else by `key_columns` (class + full name + birth year), which real rosters repeat: two rows with the same
key and without identity are namesakes, a warning when both add a record and an error naming both rows
when they would match existing records. One row naming several existing namesakes is ambiguous.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from khuyencong.core.text import fold
from khuyencong.geo.models import Hierarchy
from khuyencong.imports.columns import Enum
from khuyencong.imports.context import ImportContext
from khuyencong.imports.kinds.base import m2m_parts, m2m_value_field
from khuyencong.imports.results import Plan

MAX_NOTES = 500  # duplicate notes and namesake warnings kept in the result; the counts are exact


@dataclass
class Found:
    """The batch's existing records as `values()` dicts: by key (a list: namesakes share one), by identity, and
    by secondary key ((column key, value) → row)."""

    by_key: dict = field(default_factory=dict)
    by_identity: dict = field(default_factory=dict)
    secondary: dict = field(default_factory=dict)


# --- keys and existing records -------------------------------------------------------------------
def row_key(kind, values, hierarchy=None) -> tuple:
    """A craft in a key is compared folded: “mây tre đan” is the catalogue's “Mây tre đan”; a unit code in a key
    carries its hierarchy (old and new units share codes)."""
    hierarchy = values.get("hierarchy") or hierarchy
    return tuple(_key_part(kind.column(k), values.get(k), hierarchy) for k in kind.key_columns)


def identity_of(kind, values) -> tuple | None:
    """The row's identity when the kind has one and the row fills every identity column."""
    if not kind.identity_columns:
        return None
    identity = tuple(values.get(k) for k in kind.identity_columns)
    return None if any(part in (None, "") for part in identity) else identity


def fetch_existing(ctx: ImportContext, parsed) -> Found:
    kind, model = ctx.kind, ctx.kind.model
    key_sources = _sources(kind, kind.key_columns)
    identity_sources = _sources(kind, kind.identity_columns)
    firsts = {values.get(kind.key_columns[0]) for _n, _c, values, errors in parsed if not errors} - {None}
    if kind.column(kind.key_columns[0]).uses_crafts:
        firsts = {fold(v) for v in firsts}
    unit_key_sources = [s.replace("__code", "__hierarchy") for s, k in zip(key_sources, kind.key_columns, strict=True)
                        if kind.column(k).is_unit]
    fetch = ["pk", *dict.fromkeys(key_sources + unit_key_sources + identity_sources + _compare_sources(ctx))]
    scope_source = ctx._scope_source()
    if scope_source:
        fetch.append(scope_source)
    found = Found()
    if firsts:  # later key parts may be empty (a trainee's birth year)
        for row in model.objects.filter(**{f"{key_sources[0]}__in": firsts}).values(*fetch):
            found.by_key.setdefault(_key_of(kind, row, kind.key_columns, key_sources), []).append(row)
            if identity_sources and _filled(row, identity_sources):
                found.by_identity[_key_of(kind, row, kind.identity_columns, identity_sources)] = row
    for key in kind.secondary_keys:
        wanted = {values.get(key) for _n, _c, values, e in parsed if not e} - {None, ""}
        if wanted:
            source = kind.column(key).source
            for row in model.objects.filter(**{f"{source}__in": wanted}).values(*fetch):
                found.secondary[(key, row[source])] = row
    m2m_cols = [col for _i, col in ctx.positions if col.is_m2m]
    if m2m_cols:
        rows = [row for rows in found.by_key.values() for row in rows] + list(found.secondary.values())
        pks = {row["pk"] for row in rows}
        for col in m2m_cols:
            through, owner, target = m2m_parts(model, col)
            names = defaultdict(set)
            for pk, value in through.objects.filter(**{f"{owner}_id__in": pks}).values_list(
                    f"{owner}_id", f"{target}__{m2m_value_field(col)}"):
                names[pk].add(value)
            for row in rows:
                row[col.key] = names.get(row["pk"], set())
    return found


def _sources(kind, keys) -> list[str]:
    return [kind.column(k).source for k in keys]


def _compare_sources(ctx: ImportContext) -> list[str]:
    sources = []
    for _i, col in ctx.positions:
        if col.is_written and col.source and not col.is_m2m:
            sources.append(col.source)
            if col.is_unit:
                sources.append(col.source.replace("__code", "__hierarchy"))
    return sources


def _key_of(kind, row, keys, sources) -> tuple:
    return tuple(_key_part(kind.column(k), row[s], row.get(s.replace("__code", "__hierarchy")))
                 for k, s in zip(keys, sources, strict=True))


def _filled(row, sources) -> bool:
    return all(row[s] not in (None, "") for s in sources)


def _key_part(col, value, hierarchy=None):
    if col.is_unit and value is not None:
        return f"{value} ({hierarchy})"
    return fold(value) if col.uses_crafts and isinstance(value, str) else value


# --- one row -------------------------------------------------------------------------------------
def plan_row(ctx: ImportContext, number, cells, values, errors, found: Found) -> Plan | None:
    """The plan of a row whose cells are valid, or None with the reason appended to `errors`; None without a
    reason when the row is held (`ctx.held`: refused at the end, by a message a later namesake row may change)."""
    kind = ctx.kind
    key = row_key(kind, values, ctx.hierarchy)
    identity = identity_of(kind, values)
    if not kind.identity_columns:
        if key in ctx.seen_keys:
            errors.append((kind.key_columns[-1], f"Trùng {_labels(kind, kind.key_columns)} với dòng "
                                                 f"{ctx.seen_keys[key]} trong cùng tệp."))
            return None
        ctx.seen_keys[key] = number
    elif identity is not None:
        if identity in ctx.seen_identities:
            # Refused after the kind's own whole-file rules, which may name it better (a masked ID number).
            ctx.identity_repeats[number] = [(kind.identity_columns[-1], f"Trùng {_labels(kind, kind.identity_columns)}"
                                             f" với dòng {ctx.seen_identities[identity]} trong cùng tệp.")]
        else:
            ctx.seen_identities[identity] = number
    record, ambiguity = _match(ctx, number, key, identity, found)
    if ambiguity:
        if kind.identity_columns and _namesakes(ctx, number, key, identity, False, errors):
            ctx.held[number] = [cells, ambiguity]
        elif not errors:
            errors.append(ambiguity)
        return None
    by_secondary = False
    for sec in kind.secondary_keys:
        value = values.get(sec)
        if not value:
            continue
        if (sec, value) in ctx.seen_secondary:
            errors.append((sec, f"Trùng {kind.column(sec).label} “{value}” với dòng "
                                f"{ctx.seen_secondary[(sec, value)]} trong cùng tệp."))
            return None
        ctx.seen_secondary[(sec, value)] = number
        other = found.secondary.get((sec, value))
        if other is None:
            continue
        if record is None and ctx.mode != "create":
            record, by_secondary = other, True
        elif record is None or other["pk"] != record["pk"]:
            code = other.get(_sources(kind, kind.key_columns)[0])
            errors.append((sec, f"{kind.column(sec).label} “{value}” đã thuộc bản ghi khác (mã {code})."))
            return None
    if ctx.mode == "create" and record is not None:
        errors.append((kind.key_columns[0],
                       f"“{_key_text(key)}” đã có trong hệ thống (chế độ “Chỉ thêm mới”)."))
        return None
    if ctx.mode == "update" and record is not None and not ctx._in_scope({}, record, []):
        record = None  # a record outside the user's scope is not found, exactly as an unknown key
    if ctx.mode == "update" and record is None:
        errors.append((kind.key_columns[0],
                       f"Không tìm thấy “{_key_text(key)}” (chế độ “Chỉ cập nhật” chỉ sửa bản ghi có sẵn)."))
        return None
    if not ctx._in_scope(values, record, errors):
        return None
    if kind.identity_columns and not _namesakes(ctx, number, key, identity, record is None, errors):
        return None
    if record is not None:
        if record["pk"] in ctx.seen_records:
            errors.append((kind.key_columns[0], f"Dòng {ctx.seen_records[record['pk']]} và dòng {number} cùng "
                                                f"khớp một bản ghi (“{_key_text(key)}”)."))
            return None
        ctx.seen_records[record["pk"]] = number
    plan = Plan(row=number, values=values, pk=record["pk"] if record else None)
    if by_secondary:
        ctx.result.matched_by_secondary += 1
        for k in kind.key_columns:  # a record found by its tax code keeps its own code
            values.pop(k, None)
    plan.changes = changes(ctx, values, record) if record else {}
    return plan


def _match(ctx: ImportContext, number, key, identity, found: Found) -> tuple[dict | None, tuple | None]:
    """(the existing record of a row, or the error when several could be it). With an identity: the record that
    has it, else the one record of the same key that has none yet (its identity is being filled in). Without:
    the record of the same key."""
    kind = ctx.kind
    label = kind.label.lower()
    if identity is not None:
        record = found.by_identity.get(identity)
        if record is not None:
            return record, None
        sources = _sources(kind, kind.identity_columns)
        unnamed = [row for row in found.by_key.get(key, []) if not _filled(row, sources)]
        if unnamed and ctx.mode == "create":
            _warn(ctx, f"Dòng {number}: đã có {label} “{_key_text(key)}” chưa ghi {_id_label(kind)}; dòng này được "
                       f"thêm thành {label} mới. Nếu là cùng một {label}, hãy nhập ở chế độ upsert để ghi "
                       f"{_id_label(kind)} cho {label} đó.")
        if ctx.mode == "create" or len(unnamed) < 2:
            return (unnamed[0] if unnamed and ctx.mode != "create" else None), None
        return None, (kind.identity_columns[-1],
                      f"Có {len(unnamed)} {label} cùng {_labels(kind, kind.key_columns)} “{_key_text(key)}” chưa "
                      f"có {_id_label(kind)}: không biết dòng này là {label} nào.")
    matches = found.by_key.get(key, [])
    if len(matches) > 1 and ctx.mode != "create":
        return None, (kind.identity_columns[-1] if kind.identity_columns else kind.key_columns[0],
                      f"Có {len(matches)} {label} cùng {_labels(kind, kind.key_columns)} “{_key_text(key)}”: "
                      f"ghi {_id_label(kind)} để chỉ rõ {label} nào.")
    return (matches[0] if matches else None), None


def _namesakes(ctx: ImportContext, number, key, identity, creates: bool, errors) -> bool:
    """Rows of one key without an identity to tell them apart: a warning when all add a record, else an error on
    each of them (the earlier rows are refused too: which row is which record is unknown). False when refused."""
    kind = ctx.kind
    earlier = ctx.namesakes[key]
    clash = [(row, added) for row, has_identity, added in earlier if not (has_identity and identity)]
    earlier.append((number, identity is not None, creates))
    if not clash:
        return True
    rows = [row for row, _c in clash] + [number]
    named = "Dòng " + ", dòng ".join(str(r) for r in rows[:-1]) + f" và dòng {rows[-1]}"
    what = (f"{named} cùng {_labels(kind, kind.key_columns)} (“{_key_text(key)}”), "
            f"không có {_id_label(kind)} để phân biệt")
    label = kind.label.lower()
    if creates and all(added for _r, added in clash):
        count = "hai" if len(rows) == 2 else str(len(rows))
        _warn(ctx, f"{what}: ghi thành {count} {label}. Nếu là một người, hãy xoá một dòng.")
        return True
    message = (kind.identity_columns[-1],
               f"{what}: không biết dòng nào là {label} nào. Ghi {_id_label(kind)} cho từng dòng.")
    for row, _c in clash:
        if row in ctx.held:
            ctx.held[row][1] = message
        elif message not in ctx.late_refusals[row]:
            ctx.late_refusals[row].append(message)
    errors.append(message)
    return False


def changes(ctx: ImportContext, values, record) -> dict:
    """{column key: [old, new]} for the written columns whose value differs from the record's."""
    changed = {}
    for _i, col in ctx.positions:
        if col.key not in values or not col.is_written:
            continue
        new = values[col.key]
        if col.is_m2m:
            old_set = record.get(col.key, set())
            if {fold(v) if col.uses_crafts else v for v in new} != old_set:
                changed[col.key] = [sorted(old_set), new]
            continue
        if col.uses_crafts:
            old = record.get(col.source)
            if fold(old or "") != fold(new or ""):
                changed[col.key] = [old, new]
            continue
        old = record.get(col.source)
        if col.is_unit:
            hierarchy = values.get("hierarchy") or ctx.hierarchy
            old_h = record.get(col.source.replace("__code", "__hierarchy"))
            if (old_h, old) != (hierarchy, new) and not (old is None and new is None):
                changed[col.key] = [_unit_text(old, old_h), _unit_text(new, hierarchy)]
            continue
        if new == "" and old is None or new is None and old == "":
            continue
        if new is None and isinstance(col.type, Enum) is False and _default_of(ctx.kind.model, col.field) == old:
            continue
        if old != new:
            changed[col.key] = [_jsonable(old), _jsonable(new)]
    return changed


def finish(ctx: ImportContext) -> None:
    """After the last batch: held rows are refused with their last message, then the planned rows that a later
    namesake row made ambiguous."""
    for number, (cells, error) in ctx.held.items():
        ctx.reject(number, cells, [error])
    refuse_planned(ctx, ctx.late_refusals)
    if ctx.held:
        ctx.result.errors.sort(key=lambda e: e.row)
        ctx.rejects.sort(key=lambda r: r[0])


def refuse_planned(ctx: ImportContext, refused: dict) -> None:
    """Rows refused after they were planned ({row: [(column key, message)]}) leave the plans and the counts and
    are named like any bad row (their cells go to the rejects file)."""
    if not any(refused.values()):
        return
    kept = []
    for plan in ctx.plans:
        errors = refused.get(plan.row)
        if not errors:
            kept.append(plan)
            continue
        if plan.pk is None:
            ctx.result.created -= 1
        elif plan.changes:
            ctx.result.updated -= 1
        else:
            ctx.result.unchanged -= 1
        ctx.reject(plan.row, plan.cells or [], errors)
    ctx.plans = kept
    ctx.result.errors.sort(key=lambda e: e.row)
    ctx.rejects.sort(key=lambda r: r[0])


# --- likely duplicates (same normalised name in the same commune) -----------------------------------
def fetch_names(ctx: ImportContext, parsed) -> dict[tuple[int, str], list[tuple[int, str]]]:
    pairs = {}
    for _n, _c, values, errors in parsed:
        if not errors and values.get("name"):
            commune = ctx._commune_of(values)
            if commune is not None:
                pairs[(commune, values["_match"])] = True
    found = defaultdict(list)
    if pairs:
        communes = {c for c, _m in pairs}
        names = {m for _c, m in pairs}
        qs = ctx.kind.model.objects.filter(commune_id__in=communes, match_name__in=names)
        for pk, code, commune, name in qs.values_list("pk", "code", "commune_id", "match_name"):
            found[(commune, name)].append((pk, code))
    return found


def flag_duplicate(ctx: ImportContext, number, values, plan, db_names) -> None:
    name = values.get("name")
    commune = ctx._commune_of(values)
    if not name or commune is None:
        return
    key = (commune, values["_match"])
    notes = []
    if key in ctx.seen_names:
        notes.append(f"Dòng {number} (“{name}”) nghi trùng với dòng {ctx.seen_names[key]} cùng xã.")
    else:
        ctx.seen_names[key] = number
    for pk, code in db_names.get(key, []):
        if pk != plan.pk:
            notes.append(f"Dòng {number} (“{name}”) nghi trùng với bản ghi có sẵn mã {code} cùng xã.")
    if notes:
        ctx.result.duplicate_count += 1
        if len(ctx.result.duplicates) < MAX_NOTES:
            ctx.result.duplicates.extend(notes)


# --- wording ---------------------------------------------------------------------------------------
def _labels(kind, keys) -> str:
    return " + ".join(kind.column(k).label for k in keys)


def _id_label(kind) -> str:
    """The identity column that tells namesakes apart (the ID number), for messages."""
    return kind.column(kind.identity_columns[-1]).label if kind.identity_columns else "mã"


def _key_text(key) -> str:
    return " / ".join(str(part) for part in key if part not in (None, ""))


def _warn(ctx: ImportContext, message: str) -> None:
    if len(ctx.result.warnings) < MAX_NOTES:
        ctx.result.warnings.append(message)


def _default_of(model, field_name):
    try:
        f = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field the model does not have has no default
        return None
    return f.get_default() if f.has_default() else None


def _unit_text(code, hierarchy) -> str | None:
    """A unit code as the audit log shows it: "10030", or "10033 (cũ)" for a commune before the 2025 reform."""
    if code is None:
        return None
    return f"{code} (cũ)" if hierarchy == Hierarchy.LEGACY else str(code)


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
