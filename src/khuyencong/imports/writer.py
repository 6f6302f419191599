"""Writing validated rows: bulk_create / bulk_update in batches, derived fields without per-row queries,
crafts added to the catalogue, and one audit row per created or changed record — all in one transaction.

Audit at 1M scale: the ImportRun row is the run-level record (file, user, counts, errors); each
created or changed record also gets one AuditEntry (action IMPORT, the field diff for updates),
written with bulk_create in the same batches, so an object's history page shows the import that
touched it. Unchanged rows write nothing. That is ~1 extra INSERT row per changed record (a few
hundred bytes), written in the same batched statements, instead of one history that no object page
could show.
"""

from collections import defaultdict
from itertools import islice
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from khuyencong.core.catalogues import catalogue_name
from khuyencong.core.extensions import records_changed
from khuyencong.core.models import AuditAction, AuditEntry
from khuyencong.core.spreadsheets import write_sheet
from khuyencong.core.text import fold
from khuyencong.imports.columns import Enum
from khuyencong.imports.context import ImportContext
from khuyencong.imports.kinds.base import m2m_parts


def _batches(items, size):
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def write_plans(importer: ImportContext, *, summary: str = "", progress=None) -> None:
    """Write the plans of a validated import (`engine.Importer.context`), all of them: the caller decided
    whether errors allow it."""
    model, result = importer.kind.model, importer.result
    progress = progress or (lambda done, total: None)
    user = importer.user if getattr(importer.user, "pk", None) is not None else None  # SYSTEM: no user row
    content_type = ContentType.objects.get_for_model(model)
    field_names = {f.name for f in model._meta.concrete_fields} | {f.attname for f in model._meta.concrete_fields}
    catalogues = _ensure_catalogues(importer)
    crafts = _ensure_crafts(importer)
    now = timezone.now()
    done, total = 0, len(importer.plans)
    after_write = importer.kind.after_write
    written = [] if after_write else None  # (plan, pk) of every valid row, for the kind's after_write
    mask = importer.kind.mask_audit or (lambda changes: changes)
    with transaction.atomic():
        for batch in _batches(importer.plans, importer.batch_size):
            creates, updates, m2m = [], defaultdict(list), []
            for plan in batch:
                if plan.pk is not None and not plan.changes:
                    if written is not None:
                        written.append((plan, plan.pk))
                    continue
                fields = _model_fields(importer, plan, catalogues, only=None if plan.pk is None else plan.changes)
                if plan.pk is None:
                    obj = model(**{k: v for k, v in fields.items() if k in field_names})
                    if "created_by" in field_names:
                        obj.created_by = user
                    _derive(importer, obj, fields, plan)
                    creates.append((plan, obj))
                else:
                    obj = model(pk=plan.pk, **{k: v for k, v in fields.items() if k in field_names})
                    changed = [k for k in fields if k in field_names]
                    changed += _derive(importer, obj, fields, plan)
                    if "updated_at" in field_names:
                        obj.updated_at = now
                        changed.append("updated_at")
                    updates[tuple(sorted(set(changed)))].append((plan, obj))
            if creates:
                fast_insert(model, [obj for _p, obj in creates])
            for changed, pairs in updates.items():
                if changed:
                    model.objects.bulk_update([obj for _p, obj in pairs], list(changed), batch_size=importer.batch_size)
            for plan, obj in creates + [pair for pairs in updates.values() for pair in pairs]:
                for _i, col in importer.positions:
                    if col.is_m2m and col.key in plan.values and (plan.pk is None or col.key in plan.changes):
                        targets = ([crafts[fold(n)] for n in plan.values[col.key]] if col.uses_crafts
                                   else [importer.refs[col.key][code][0] for code in plan.values[col.key]])
                        m2m.append((obj.pk, col, targets, plan.pk is None))
            _write_m2m(model, m2m)
            fast_insert(AuditEntry, [
                AuditEntry(content_type=content_type, object_id=str(obj.pk), actor=user, action=AuditAction.IMPORT,
                           changes=_field_keys(importer.kind, mask(plan.changes)), summary=summary[:300])
                for plan, obj in creates + [pair for pairs in updates.values() for pair in pairs]
            ])
            if written is not None:
                written.extend((plan, obj.pk) for plan, obj in creates + [p for ps in updates.values() for p in ps])
            done += len(batch)
            progress(done, total)
        if after_write:
            after_write(importer, written, actor=user, summary=summary)
        kind_key = importer.kind.key
        transaction.on_commit(lambda: records_changed(source=f"import:{kind_key}"))
    result.written = True


def _field_keys(kind, changes: dict) -> dict:
    """Audit keys are the model's field names ("commune", not the column "commune_code"), as the services
    write them, so an object's history labels and formats an import's changes like any other."""
    keyed = {}
    for key, pair in changes.items():
        col = kind.by_key.get(key)
        keyed[(col.field or key).removesuffix("_id") if col is not None else key] = pair
    return keyed


def fast_insert(model, objs: list) -> None:
    """bulk_create, but on PostgreSQL through COPY with ids taken from the table's sequence first.

    Django's bulk_create spends most of its time compiling the multi-row INSERT; COPY streams the
    rows. The objects get their pks, as with bulk_create. auto_now(_add) fields are filled by
    Field.pre_save, values by get_db_prep_save, exactly as an INSERT would.
    """
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=2000)
        return
    meta = model._meta
    table = meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, meta.pk.column, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        fields = list(meta.concrete_fields)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        with connection.wrap_database_errors:  # psycopg errors → django.db IntegrityError/DataError
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for obj in objs:
                    copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = "default"


def _model_fields(importer: ImportContext, plan, catalogues, only=None) -> dict:
    fields = {}
    values = plan.values
    for _i, col in importer.positions:
        if not col.is_written or col.is_m2m or col.key not in values:
            continue
        if only is not None and col.key not in only:
            continue
        value = values[col.key]
        if col.is_unit:
            value = importer._unit_map(values.get("hierarchy") or importer.hierarchy)[value] if value else None
        elif col.is_ref:
            value = importer.refs[col.key][value][0] if value else None
        elif isinstance(col.type, Enum) and col.type.model is not None:
            value = catalogues[col.key][value] if value else None
        elif col.uses_crafts:
            value = importer.crafts[fold(value)] if value else None
        if value in (None, "") and not col.is_unit:
            model_field = importer.kind.model._meta.get_field(col.field.removesuffix("_id"))
            if col.null or (value is None and model_field.null):
                value = None
            elif model_field.has_default():
                value = model_field.get_default()
            else:
                value = ""
        fields[col.field] = value
    return fields


def _derive(importer: ImportContext, obj, fields, plan) -> list[str]:
    """registry.derive.apply_derived, without queries: the commune map is precomputed."""
    changed = []
    if "name" in fields:
        if hasattr(obj, "search_name"):
            obj.search_name = fold(obj.name)
            changed.append("search_name")
        if hasattr(obj, "match_name") and importer.kind.flag_duplicates:
            obj.match_name = plan.values.get("_match") or importer.kind.flag_duplicates(obj.name)
            changed.append("match_name")
    if "commune_id" in fields and hasattr(obj, "current_commune_id"):
        obj.current_commune_id = importer.current_of(fields["commune_id"]) if fields["commune_id"] else None
        changed.append("current_commune")
    if importer.kind.derive:
        changed += importer.kind.derive(obj)
    return changed


def _ensure_catalogues(importer: ImportContext) -> dict[str, dict[str, int]]:
    """Catalogue enumerations (sectors): code → pk, adding the decree's rows that are missing."""
    maps = {}
    for _i, col in importer.positions:
        if isinstance(col.type, Enum) and col.type.model is not None:
            model = col.type.model
            existing = dict(model.objects.values_list("code", "pk"))
            missing = [model(code=code, name=label) for code, label in col.type.options if code not in existing]
            if missing:
                model.objects.bulk_create(missing)
                existing = dict(model.objects.values_list("code", "pk"))
            maps[col.key] = existing
    return maps


def _ensure_crafts(importer: ImportContext) -> dict[str, int]:
    if importer.crafts is None:
        return {}
    if importer.new_crafts:
        model = importer.craft_model
        model.objects.bulk_create(
            [model(name=catalogue_name(name), folded_name=folded) for folded, name in importer.new_crafts.items()],
            ignore_conflicts=True,
        )
        importer.crafts = dict(model.objects.values_list("folded_name", "pk"))
    return importer.crafts


def _write_m2m(model, rows) -> None:
    by_column = defaultdict(list)
    for pk, col, targets, created in rows:
        by_column[col.key].append((pk, col, targets, created))
    for items in by_column.values():
        through, owner, target = m2m_parts(model, items[0][1])
        stale = [pk for pk, _c, _t, created in items if not created]
        if stale:
            through.objects.filter(**{f"{owner}_id__in": stale}).delete()
        fast_insert(through, [through(**{f"{owner}_id": pk, f"{target}_id": t})
                              for pk, _c, targets, _n in items for t in targets])


def write_rejects(importer: ImportContext, path: Path) -> Path:
    """The rejected rows as they were, with an error column, in an XLSX file (text stays text: a formula a user
    typed is shown, never evaluated)."""
    width = len(importer.header)
    header = ["Dòng", *["" if h is None else str(h) for h in importer.header], "Lỗi"]
    rows = ([number, *(cells + [None] * width)[:width], "; ".join(messages)]
            for number, cells, messages in importer.rejects)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_sheet(path, title="Dòng lỗi", header=header, rows=rows)
    return path
