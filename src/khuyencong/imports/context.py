"""The state of one import, shared by its parts: what is imported, by whom and how, what was found so far.

`engine.Importer` builds one `ImportContext` and passes it to the header reading (`header.py`), the
look-ups (`resolve.py`), the row planning (`planning.py`) and the writer (`writer.py`). Kinds' hooks
(`check_plans`, `after_write`) receive it too and read `refs`, `crafts`, `options` and `result`.
"""

from collections import defaultdict

from khuyencong.geo.models import AdminUnit, Hierarchy, Level, UnitSuccession
from khuyencong.imports.kinds.base import Kind
from khuyencong.imports.results import ImportResult, Plan, RowError
from khuyencong.imports.scope_check import ScopeCheck

BATCH = 2000
MODES = ("create", "update", "upsert")


class ImportContext(ScopeCheck):
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
        self.format = ""
        # Reading: the header as written and the columns found in it, as (index, Column).
        self.header: list = []
        self.positions: list = []
        # Outcome: a plan per good row; (row number, cells, messages) per rejected row.
        self.plans: list[Plan] = []
        self.rejects: list[tuple[int, list, list[str]]] = []
        # Look-ups, filled batch by batch (resolve.py): code → pk per hierarchy, Ref codes → (pk, commune pk).
        self.units: dict[str, dict[str, int]] = {}
        self.unit_codes: dict[int, tuple[str, str]] = {}
        self.refs: dict[str, dict[str, tuple[int, int | None]]] = defaultdict(dict)
        self.crafts: dict[str, int] | None = None
        self.craft_model = None
        self.new_crafts: dict[str, str] = {}
        # Planning across batches (planning.py): keys and records already claimed by an earlier row.
        self.seen_keys: dict[tuple, int] = {}
        self.seen_secondary: dict[tuple[str, str], int] = {}
        self.seen_identities: dict[tuple, int] = {}
        self.seen_records: dict[int, int] = {}
        self.namesakes: dict[tuple, list] = defaultdict(list)
        self.seen_names: dict[tuple[int, str], int] = {}
        # Rows refused after they were planned (a later namesake row): {row: [(column key, message)]}; rows
        # refused at the end, whose message a later namesake row may change: {row: [cells, (column key, message)]}.
        self.late_refusals: dict[int, list[tuple[str, str]]] = defaultdict(list)
        self.held: dict[int, list] = {}
        # Rows repeating an earlier row's identity, refused after the kind's check_plans: {row: [(key, message)]}.
        self.identity_repeats: dict[int, list[tuple[str, str]]] = {}
        self._init_scope()
        self._current_of: dict[int, int | None] | None = None

    def _unit_map(self, hierarchy: str) -> dict[str, int]:
        """Commune code → pk in one hierarchy, one query the first time it is needed."""
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

    def reject(self, number, cells, errors) -> None:
        """A bad row: its errors go to the result (by column label) and the row to the rejects file."""
        messages = []
        for key, message in errors:
            label = self.kind.column(key).label if key in self.kind.by_key else key
            self.result.errors.append(RowError(number, label, message))
            messages.append(f"{label}: {message}")
        self.rejects.append((number, list(cells), messages))

    def keeps_cells(self) -> bool:
        """Plans keep their row's cells when a row may still be refused after planning (for the rejects file)."""
        return bool(self.kind.check_plans or self.kind.identity_columns)
