"""The indicators' small Hanoi world (tests/indicators/conftest.py), whose engine values are worked out by hand
in tests/indicators/test_engine.py, plus helpers that open a report's files back."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.indicators.conftest import fast_hasher, people, world  # noqa: F401  (fixtures)

TODAY = datetime.date(2026, 1, 5)


@pytest.fixture
def no_pdf(settings):
    settings.REPORTS_SOFFICE = ""


def docx_text(source) -> str:
    """Every paragraph of the body, the tables' cells and the header and footer, one per line."""
    doc = Document(source if not isinstance(source, bytes) else io.BytesIO(source))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def workbook(source):
    return load_workbook(source if not isinstance(source, bytes) else io.BytesIO(source))
