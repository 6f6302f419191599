"""The import engine in parts: no module over 400 lines; `user` is required and keyword-only."""

import inspect
from pathlib import Path

import pytest

from khuyencong.imports.engine import Importer
from khuyencong.imports.kinds import get_kind

IMPORTS = Path(__file__).resolve().parents[2] / "src" / "khuyencong" / "imports"


def test_the_engine_in_parts():
    """No part of the import engine over 400 lines; `user` is required and keyword-only."""
    sizes = {str(path.relative_to(IMPORTS)): len(path.read_text(encoding="utf-8").splitlines())
             for path in IMPORTS.rglob("*.py")}
    assert {"engine.py", "context.py", "header.py", "resolve.py", "planning.py", "writer.py"} <= set(sizes)
    assert {name: n for name, n in sizes.items() if n > 400} == {}
    user = inspect.signature(Importer).parameters["user"]
    assert user.kind is inspect.Parameter.KEYWORD_ONLY and user.default is inspect.Parameter.empty
    with pytest.raises(TypeError):
        Importer(get_kind("establishments"))
