"""Fields derived from what a user typed, shared by the forms, the services and the imports."""

import re

from khuyencong.core.text import fold
from khuyencong.geo.selectors import current_commune_for

# Legal-form words that do not tell two establishments apart ("Công ty TNHH Mây tre X" ~ "Mây tre X").
_LEGAL_FORMS = [
    "cong ty co phan", "cong ty tnhh mot thanh vien", "cong ty tnhh", "cong ty", "tnhh mtv", "tnhh",
    "hop tac xa", "htx", "to hop tac", "tht", "ho kinh doanh", "hkd", "co so san xuat", "co so",
    "doanh nghiep tu nhan", "dntn", "xuong", "mtv", "cp",
]
_LEGAL_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in _LEGAL_FORMS) + r")\b")
_PUNCT = re.compile(r"[^\w\s]")


def match_name(name: str) -> str:
    """Folded name without punctuation and legal-form words, for duplicate detection."""
    text = _PUNCT.sub(" ", fold(name))
    text = _LEGAL_RE.sub(" ", text)
    return " ".join(text.split())


def apply_derived(record) -> None:
    """Set search/match names and the current commune before a record is saved."""
    if hasattr(record, "search_name"):
        record.search_name = fold(record.name)
    if hasattr(record, "match_name"):
        record.match_name = match_name(record.name)
    if getattr(record, "commune_id", None) and hasattr(record, "current_commune_id"):
        record.current_commune = current_commune_for(record.commune)
