"""Names in a batch of rows → records: unit codes, references and crafts, one query per batch and kind.

A row's cells name other records by code (a commune, a class, an establishment) or a craft by name.
All the codes of a batch are looked up together and kept in the context (`ctx.refs`, the unit maps,
`ctx.crafts`) for the rest of the import and for the writer; a code that names nothing is an error on
its row, a craft not yet in the catalogue is noted (`ctx.new_crafts`) for the writer to add.
"""

from khuyencong.accounts.scoping import visible
from khuyencong.core.catalogues import catalogue_name
from khuyencong.core.text import fold
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.placement import placement_path
from khuyencong.imports.context import ImportContext
from khuyencong.imports.permissions import import_roles


def resolve(ctx: ImportContext, parsed) -> None:
    """`parsed` is [[number, cells, values, errors]]; errors are appended to each row's list."""
    for _i, col in ctx.positions:
        if col.is_ref:
            wanted = set()
            for _n, _c, values, _e in parsed:
                value = values.get(col.key)
                if isinstance(value, list):
                    wanted.update(value)
                elif value is not None:
                    wanted.add(value)
            _fetch_refs(ctx, col, wanted - set(ctx.refs[col.key]))
    craft_model = next((col.type.model for _i, col in ctx.positions if col.uses_crafts), None)
    if craft_model is not None and ctx.crafts is None:
        ctx.craft_model = craft_model
        ctx.crafts = dict(craft_model.objects.values_list("folded_name", "pk"))
    for _number, _cells, values, errors in parsed:
        for _i, col in ctx.positions:
            value = values.get(col.key)
            if value in (None, "", []):
                continue
            if col.is_unit:
                hierarchy = values.get("hierarchy") or ctx.hierarchy
                if value not in ctx._unit_map(hierarchy):
                    era = "hiện hành" if hierarchy == Hierarchy.CURRENT else "trước 01/07/2025 (legacy)"
                    what = "đơn vị" if col.type.any_level else "xã/phường"
                    errors.append((col.key, f"Không có {what} mã “{value}” trong hệ thống {era}."))
            elif col.is_ref:
                codes = value if isinstance(value, list) else [value]
                missing = [v for v in codes if v not in ctx.refs[col.key]]
                if missing:
                    codes = ", ".join(f"“{v}”" for v in missing)
                    errors.append((col.key, f"Không tìm thấy {col.type.what or 'bản ghi'} có mã {codes}."))
            elif col.uses_crafts:
                for name in value if isinstance(value, list) else [value]:
                    folded = fold(name)
                    if folded not in ctx.crafts and folded not in ctx.new_crafts:
                        ctx.new_crafts[folded] = catalogue_name(name)


def _fetch_refs(ctx: ImportContext, col, wanted) -> None:
    """code → (pk, commune pk or None) for a Ref/RefList column; one query per batch. A placed model's rows
    outside the user's scope are not found: their codes get the message of an unknown code."""
    if not wanted:
        return
    model = col.type.model
    path = placement_path(model)
    fields = [col.type.field, "pk"] + ([f"{path.commune}_id"] if path else [])
    qs = model.objects.filter(**{f"{col.type.field}__in": wanted})
    if path is not None:
        qs = visible(qs, ctx.user, roles=import_roles(ctx.kind))
    cache = ctx.refs[col.key]
    for row in qs.values_list(*fields):
        cache[row[0]] = (row[1], row[2] if path else None)
