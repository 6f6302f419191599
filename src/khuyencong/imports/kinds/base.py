"""What an import kind is: its columns, keys and a few hooks. The engine does the rest.

Adding a kind is one small module: declare a `Kind` with its model, columns (key, Vietnamese label,
type, required, the model field it writes) and key columns, then `register(...)` it. Hooks
(`clean_row`) cover cross-column rules.

Kinds whose rows write more than one record (a trainee and its latest follow-up; a transplant, its
yearly check and the village's craft) keep the engine's guarantees through three hooks:
- `check_plans(importer, plans)`: whole-file rules run once after every row was validated (set-based
  queries; e.g. a class's size over the whole file, an ID number already in the class). It returns
  {row number: [(column key, message)]}; those rows are rejected like any bad row (all or nothing,
  --valid-only rejects file) and may add `importer.result.warnings`.
- `after_write(importer, rows, *, actor, summary)`: runs in the writer's transaction right after the
  bulk write of the kind's own model, with `rows` = [(plan, pk)] for every valid row (created, changed
  and unchanged). It writes the child rows (in bulk) and their audit; an exception rolls everything back.
- `options`: (key, label) of per-import confirmations (`confirm_large`): checkboxes on the upload page,
  `--option KEY` on the command line, read as `importer.options`.
A column with `field=""` is read, resolved and validated but not written by the bulk writer
(`after_write` uses it); for export its `source` may name an annotation added by `export_annotate`.
"""

from dataclasses import dataclass, field

from khuyencong.imports.columns import ColumnType, CraftList, CraftName, HierarchyType, Ref, RefList, UnitCode


@dataclass
class Column:
    key: str
    label: str
    type: ColumnType
    required: bool = False
    # The model attribute written: "name", "commune_id" (UnitCode), "sector_id" (Ref), "crafts" (M2M).
    field: str | None = None
    # The ORM path read for export, e.g. "commune__code", "sector__code"; defaults to `field`.
    source: str | None = None
    # Empty text is stored as NULL rather than "" (nullable unique columns such as tax_code).
    null: bool = False
    note: str = ""

    @property
    def is_written(self) -> bool:
        """Written by the bulk writer to the kind's model (False for `field=""` columns of `after_write`)."""
        return bool(self.field)

    def __post_init__(self):
        if self.field is None and not isinstance(self.type, HierarchyType):
            self.field = self.key
        if self.source is None:
            self.source = self.field

    @property
    def is_unit(self) -> bool:
        return isinstance(self.type, UnitCode)

    @property
    def is_ref(self) -> bool:
        return isinstance(self.type, (Ref, RefList))

    @property
    def is_m2m(self) -> bool:
        return isinstance(self.type, (CraftList, RefList))

    @property
    def uses_crafts(self) -> bool:
        return isinstance(self.type, (CraftList, CraftName))


HIERARCHY_COLUMN = Column(
    "hierarchy", "Hệ thống mã đơn vị", HierarchyType(),
    note="current (hiện hành, từ 01/07/2025) hoặc legacy (trước 01/07/2025); để trống: theo lựa chọn khi nhập",
)


@dataclass
class Kind:
    key: str
    label: str
    model: type
    columns: list[Column]
    key_columns: tuple[str, ...] = ("code",)
    # Columns unique when present that also identify a record (tax code for establishments).
    secondary_keys: tuple[str, ...] = ()
    # Columns that identify a record before `key_columns` when a row fills them all: a trainee's class and ID
    # number. They start with the same column as `key_columns`. Rows without them are matched by `key_columns`,
    # which then may repeat (namesakes): a warning when the rows add records, an error when they would match
    # existing ones (which row is which record is unknown); see imports/planning.py.
    identity_columns: tuple[str, ...] = ()
    # The column that places a row in a commune, for the user's scope: a UnitCode or a Ref to a placed model
    # (a product through its establishment). How a model is placed is its own `placement` (geo.placement).
    scope_column: str | None = "commune_code"
    # flag_duplicates(name) -> normalised name: rows whose normalised name repeats in the same commune are
    # listed as likely duplicates (the declaring app gives its own normaliser; the model keeps it in `match_name`).
    flag_duplicates: callable = None
    description: str = ""
    # Export: ORM ordering and the columns exported (default: all but the hierarchy pseudo-column).
    export_order: tuple[str, ...] = ("pk",)
    # The list this kind exports, as dotted paths resolved lazily (no import cycles): the list page's filter
    # form (with .filters()) and its selector `f(*, user, filters) -> QuerySet`. The web export binds the
    # form to the list page's querystring; the CLI maps its options onto the same form.
    filter_form: str | None = None
    # The url name of the list page (for "back to the list" links).
    list_url: str | None = None
    list_selector: str | None = None
    clean_row: callable = None
    # derive(obj) -> [field names]: fields computed from others before saving, without queries
    # (search_name, match_name and current_commune are always handled by the writer).
    derive: callable = None
    # Roles that may import this kind (default imports.permissions.IMPORT_ROLES); the scope uses the same roles.
    import_roles: tuple | None = None
    # Multi-record kinds (see the module docstring).
    check_plans: callable = None
    after_write: callable = None
    options: tuple[tuple[str, str], ...] = ()
    # mask_audit(changes) -> changes: personal data never goes into the audit log in clear.
    mask_audit: callable = None
    # Export: export_columns(kind, user, params) -> [Column] (e.g. personal columns only for some roles, on
    # request); export_annotate(qs) -> qs adds what computed columns read; export_params are querystring
    # names the export reads itself (not filters).
    export_columns: callable = None
    export_annotate: callable = None
    export_params: tuple[str, ...] = ()
    # on_export(kind, user, qs, columns): called before an export is written (e.g. to log personal data shown).
    on_export: callable = None
    extra: dict = field(default_factory=dict)

    def columns_for_export(self, user, params=None) -> list[Column]:
        if self.export_columns is None:
            return self.columns
        return self.export_columns(self, user, params or {})

    def __post_init__(self):
        if any(c.is_unit for c in self.columns) and not any(c.key == "hierarchy" for c in self.columns):
            self.columns.append(HIERARCHY_COLUMN)
        self.by_key = {c.key: c for c in self.columns}

    def extend(self, *, columns: list[Column], after_write=None, export_annotate=None) -> None:
        """A higher app adds its own columns to a lower app's kind (projects adds `project_code` to products,
        since the link lives in projects). Its columns are `field=""` ones that its `after_write` writes."""
        hierarchy = [c for c in self.columns if c.key == "hierarchy"]
        new = [c for c in columns if c.key not in self.by_key]
        self.columns = [c for c in self.columns if c.key != "hierarchy"] + new + hierarchy
        self.by_key = {c.key: c for c in self.columns}
        self.after_write = _chain(self.after_write, after_write)
        if export_annotate is not None:
            first = self.export_annotate
            self.export_annotate = export_annotate if first is None else (lambda qs: export_annotate(first(qs)))

    @property
    def required_columns(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def column(self, key: str) -> Column:
        return self.by_key[key]

    @property
    def unit_column(self) -> Column | None:
        return next((c for c in self.columns if c.is_unit), None)


def _chain(first, second):
    if first is None or second is None:
        return first or second

    def both(*args, **kwargs):
        first(*args, **kwargs)
        second(*args, **kwargs)

    return both


def m2m_parts(model, col):
    """The through model of a many-to-many column, and the names of its owner and target foreign keys."""
    field = model._meta.get_field(col.field)
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def m2m_value_field(col, display: bool = False) -> str:
    """What a many-to-many cell holds: crafts by (folded) name, other records by their code."""
    if col.uses_crafts:
        return "name" if display else "folded_name"
    return col.type.field


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


class UnknownKind(LookupError):
    pass


def get_kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        known = ", ".join(KINDS)
        raise UnknownKind(f"Không có loại dữ liệu “{key}”. Các loại: {known}.") from None
