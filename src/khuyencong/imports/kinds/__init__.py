"""The import kinds. This app knows no domain app: each app declares its kinds in its own `import_kinds.py`
and imports it from its `AppConfig.ready()`, which registers them here."""

from khuyencong.imports.kinds.base import KINDS, Column, Kind, UnknownKind, get_kind, register

__all__ = ["KINDS", "Column", "Kind", "UnknownKind", "get_kind", "register"]
