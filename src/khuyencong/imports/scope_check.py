"""The user's scope on import: which communes a row may name, and whether it may name none.

A mixin of `context.ImportContext` (its methods read `self.kind`, `self.user`, `self.allowed`, the unit
maps and the refs); kept as one part so that the scope rule can change here alone.
"""

from khuyencong.accounts.scoping import has_province_scope, scope_commune_ids
from khuyencong.imports.permissions import import_roles


class ScopeCheck:
    def _scope_source(self) -> str | None:
        col = self.kind.by_key.get(self.kind.scope_column or "")
        if col is None:
            return None
        return "commune_id" if col.is_unit else col.field.removesuffix("_id") + "__commune_id"

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
