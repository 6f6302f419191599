"""Reading trainees from text: a pasted roster, or the rows of a spreadsheet. Pure parsing, no writes.

Every problem is reported with its line (or spreadsheet row) number, in Vietnamese; the caller
writes nothing unless the whole input parsed.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.text import fold
from khuyencong.training.models import Gender

_ID_CLEAN = re.compile(r"[\s.\-]")
ID_LENGTHS = (9, 12)  # CMND has 9 digits, CCCD 12
MIN_BIRTH_YEAR = 1900

_GENDERS = {
    "nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE, "trai": Gender.MALE,
    "nu": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE, "gai": Gender.FEMALE,
    "khac": Gender.OTHER, "other": Gender.OTHER,
}
_YES = {"co", "yes", "y", "x", "1", "true", "dat", "hoan thanh", "da hoan thanh", "co viec lam"}
_NO = {"khong", "no", "n", "0", "false", "chua", "chua hoan thanh", "khong dat"}


@dataclass
class TraineeRow:
    """One trainee as read from a line or a row, before it is written."""

    line: int
    full_name: str
    birth_year: int | None = None
    gender: str = ""
    id_number: str | None = None
    class_code: str = ""
    commune_code: str = ""
    completed: bool = False
    employed: bool | None = None
    employer_code: str = ""
    extra: dict = field(default_factory=dict)


def parse_id_number(raw) -> str | None:
    """9 or 12 digits, spaces, dots and dashes ignored; None when empty. Raises ValueError with a message."""
    text = _ID_CLEAN.sub("", str(raw or "")).strip()
    if not text:
        return None
    if not text.isdigit() or len(text) not in ID_LENGTHS:
        raise ValueError(_("số CMND/CCCD “%(v)s” phải gồm 9 hoặc 12 chữ số") % {"v": raw})
    return text


def parse_birth_year(raw) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    if text.endswith(".0"):  # a spreadsheet number cell
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(_("năm sinh “%(v)s” không phải là một năm") % {"v": raw})
    year = int(text)
    if not MIN_BIRTH_YEAR <= year <= timezone.localdate().year:
        raise ValueError(_("năm sinh %(v)s không hợp lệ") % {"v": year})
    return year


def parse_gender(raw) -> str:
    text = fold(str(raw or ""))
    if not text:
        return ""
    if text in Gender.values:
        return text
    if text not in _GENDERS:
        raise ValueError(_("giới tính “%(v)s” không rõ (Nam, Nữ hoặc Khác)") % {"v": raw})
    return _GENDERS[text]


def parse_yes_no(raw, *, label: str) -> bool | None:
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, bool):
        return raw
    text = fold(str(raw))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("%(label)s “%(v)s” phải là có hoặc không") % {"label": label, "v": raw})


def parse_pasted_roster(text: str) -> tuple[list[TraineeRow], list[str]]:
    """Lines "Họ tên; năm sinh; giới tính; CCCD" (`;` or a tab between fields, trailing fields optional).

    A first line that is a header ("Họ tên; Năm sinh; …") is skipped. Returns (rows, errors).
    """
    rows: list[TraineeRow] = []
    errors: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[;\t]", line)]
        while parts and parts[-1] == "":
            parts.pop()
        if not rows and not errors and fold(parts[0]).replace(" ", "") in {"hoten", "hovaten"}:
            continue
        if len(parts) > 4:
            errors.append(_("Dòng %(n)d: có %(k)d cột, chỉ cần 4 (Họ tên; năm sinh; giới tính; CCCD).")
                          % {"n": number, "k": len(parts)})
            continue
        parts += [""] * (4 - len(parts))
        name, year, gender, id_number = parts
        problems = []
        if not name:
            problems.append(_("thiếu họ tên"))
        elif any(ch.isdigit() for ch in name):
            problems.append(_("họ tên “%(v)s” có chữ số (kiểm tra thứ tự các cột)") % {"v": name})
        row = TraineeRow(line=number, full_name=" ".join(name.split()))
        for attr, parser, raw in (("birth_year", parse_birth_year, year), ("gender", parse_gender, gender),
                                  ("id_number", parse_id_number, id_number)):
            try:
                setattr(row, attr, parser(raw))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            errors.append(_("Dòng %(n)d: %(p)s.") % {"n": number, "p": "; ".join(problems)})
        else:
            rows.append(row)
    if not rows and not errors:
        errors.append(_("Chưa có dòng nào. Mỗi dòng: Họ tên; năm sinh; giới tính; CCCD."))
    return rows, errors
