"""The user's scope on import: which communes a row may name, and whether it may name none.

A mixin of `context.ImportContext` (its methods read `self.kind`, `self.user`, `self.allowed`, the unit
maps and the refs); kept as one part so that the scope rule can change here alone.
"""

from khuyencong.accounts.scoping import unsaved_scope
from khuyencong.geo.placement import placement_path
from khuyencong.imports.permissions import import_roles


class ScopeCheck:
    def _scope_source(self) -> str | None:
        col = self.kind.by_key.get(self.kind.scope_column or "")
        if col is None:
            return None
        return "commune_id" if col.is_unit else (
            f"{col.field.removesuffix('_id')}__{placement_path(col.type.model).commune}_id")

    def _init_scope(self) -> None:
        """The user's scope, from the model's placement (accounts.scoping.unsaved_scope): the communes a row may
        lie in (None: any), and whether it may lie in none (a city-wide project: province-level users only)."""
        scope = (unsaved_scope(self.kind.model, self.user, roles=import_roles(self.kind))
                 if placement_path(self.kind.model) else None)
        self.allowed = None if scope is None else scope.communes
        self.may_place_nowhere = scope is None or scope.placeless

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
        given = self.kind.scope_column in values  # an update file may leave the column out: the record's own stays
        if ((commune is None and (given or record is None)) or (record is not None and old is None)) \
                and not self.may_place_nowhere:
            errors.append((self.kind.scope_column, "Dòng không có xã/phường (phạm vi toàn tỉnh/thành phố): "
                                                   "chỉ cán bộ cấp tỉnh được nhập."))
            return False
        for pk in (commune, old):
            if pk is not None and pk not in self.allowed:
                errors.append((self.kind.scope_column, "Xã/phường này nằm ngoài phạm vi đơn vị của bạn."))
                return False
        return True
