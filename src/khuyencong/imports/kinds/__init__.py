"""The import kinds. Each module declares its kinds and registers them; other apps add theirs the same way.

Importing this package registers the built-in kinds; an app with its own kinds imports its module
from its AppConfig.ready() (or adds it to KIND_MODULES below).
"""

from importlib import import_module

from khuyencong.imports.kinds.base import KINDS, Column, Kind, UnknownKind, get_kind, register

KIND_MODULES = ["khuyencong.imports.kinds.registry"]

for _module in KIND_MODULES:
    import_module(_module)

__all__ = ["KINDS", "Column", "Kind", "UnknownKind", "get_kind", "register"]
