"""Column types of an import: each parses one cell into a Python value or raises CellError (Vietnamese).

A type also says how it is written in the template's instructions and, for enumerations, which
values the template's drop-down offers. Types that name other records (units, references, crafts)
only normalise the code here; the engine resolves them in batches with set-based queries.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from khuyencong.core.text import fold


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user next to the row and column."""


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


class ColumnType:
    description = ""
    choices: list[tuple[str, str]] | None = None

    def parse(self, raw):
        raise NotImplementedError

    def export(self, value):
        return value


@dataclass
class Text(ColumnType):
    max_length: int = 255

    @property
    def description(self):
        return f"Văn bản, tối đa {self.max_length} ký tự"

    def parse(self, raw):
        text = _text(raw)
        if len(text) > self.max_length:
            raise CellError(f"Dài {len(text)} ký tự, tối đa {self.max_length}.")
        return text

    def export(self, value):
        return value or ""


@dataclass
class Code(Text):
    """An identifier: text, but a number cell 12 reads as "12" (Excel turns codes into numbers)."""

    max_length: int = 32

    @property
    def description(self):
        return f"Mã, tối đa {self.max_length} ký tự"


_TAX_RE = re.compile(r"^\d{10}(-?\d{3})?$")


@dataclass
class TaxCode(Code):
    """Mã số thuế: 10 digits, or 13 for a branch (0101234567-001). A number cell that lost its leading
    zero in Excel (101234567) is padded back to 10 digits."""

    max_length: int = 14

    @property
    def description(self):
        return "Mã số thuế: 10 chữ số, hoặc 13 chữ số cho chi nhánh (0101234567-001); nên định dạng ô là văn bản"

    def parse(self, raw):
        text = super().parse(raw)
        if not text:
            return text
        if isinstance(raw, (int, float)) and len(text) in (8, 9):
            text = text.zfill(10)
        if not _TAX_RE.match(text):
            raise CellError(f"Mã số thuế “{text}” không hợp lệ: cần 10 chữ số, hoặc 13 chữ số (0101234567-001).")
        return text


_INT_RE = re.compile(r"^[+-]?\d{1,3}([.,\s]\d{3})+$|^[+-]?\d+$")


def _parse_int(raw) -> int:
    if isinstance(raw, bool):
        raise CellError("Phải là số nguyên.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not raw.is_integer():
            raise CellError(f"“{raw}” không phải số nguyên.")
        return int(raw)
    text = _text(raw)
    if not _INT_RE.match(text):
        # "12,0" or "12.0" from a spreadsheet that saved a number as text
        match = re.fullmatch(r"([+-]?\d+)[.,]0+", text)
        if not match:
            raise CellError(f"“{text}” không phải số nguyên.")
        text = match.group(1)
    return int(re.sub(r"[.,\s]", "", text))


@dataclass
class Int(ColumnType):
    min_value: int | None = 0
    max_value: int | None = None

    @property
    def description(self):
        if self.min_value is not None and self.max_value is not None:
            return f"Số nguyên từ {self.min_value} đến {self.max_value}"
        return "Số nguyên không âm" if self.min_value == 0 else "Số nguyên"

    def parse(self, raw):
        if _text(raw) == "":
            return None
        value = _parse_int(raw)
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise CellError(f"Không được âm ({value}).")
            raise CellError(f"{value} nhỏ hơn giá trị tối thiểu {self.min_value}.")
        if self.max_value is not None and value > self.max_value:
            raise CellError(f"{value} lớn hơn giá trị tối đa {self.max_value}.")
        return value


@dataclass
class Year(Int):
    min_value: int | None = 1800
    max_value: int | None = 2100

    @property
    def description(self):
        return f"Năm, 4 chữ số ({self.min_value}–{self.max_value})"


@dataclass
class Money(Int):
    max_value: int | None = 10**17

    @property
    def description(self):
        return "Số tiền VND, đồng chẵn, không âm (ví dụ 150000000)"


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class Date(ColumnType):
    description = "Ngày: ô kiểu ngày, hoặc dd/mm/yyyy, hoặc yyyy-mm-dd"

    def parse(self, raw):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = _text(raw)
        if not text:
            return None
        if text.endswith(" 00:00:00"):
            text = text[:-9]
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise CellError(f"“{text}” không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).")

    def export(self, value):
        return value


_YES = {"yes", "y", "co", "true", "1", "x", "dung"}
_NO = {"no", "n", "khong", "false", "0", "sai"}


class Bool(ColumnType):
    description = "có/không (hoặc yes/no)"
    choices = [("yes", "có"), ("no", "không")]

    def parse(self, raw):
        if isinstance(raw, bool):
            return raw
        text = fold(_text(raw))
        if text == "":
            return None
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise CellError(f"“{_text(raw)}” phải là có/không (yes/no).")

    def export(self, value):
        return "có" if value else "không"


@dataclass
class Enum(ColumnType):
    """A code from a list; its Vietnamese label (with or without diacritics) is accepted too."""

    options: list[tuple[str, str]] = field(default_factory=list)
    # A catalogue model (code, name) whose rows the import creates when missing (the decree's sectors).
    model: type | None = None

    @classmethod
    def of(cls, text_choices):
        return cls(options=[(value, str(label)) for value, label in text_choices.choices])

    @property
    def choices(self):
        return self.options

    @property
    def description(self):
        return "Một trong: " + "; ".join(f"{code} ({label})" for code, label in self.options)

    def parse(self, raw):
        text = _text(raw)
        if not text:
            return None
        lowered = text.lower()
        for code, label in self.options:
            if lowered in (code.lower(), label.lower()):
                return code
        # Without diacritics: "lang nghe" is "Làng nghề"; a folded code counts only when unambiguous (d/đ).
        folded = fold(text)
        matches = {code for code, label in self.options if folded == fold(label)}
        matches |= {code for code, _label in self.options if folded == fold(code)} if not matches else set()
        if len(matches) == 1:
            return matches.pop()
        codes = ", ".join(code for code, _label in self.options)
        raise CellError(f"“{text}” không có trong danh sách ({codes}).")

    def export(self, value):
        return value or ""


@dataclass
class UnitCode(ColumnType):
    """A GSO commune code, zero-padding optional; resolved in the row's hierarchy by the engine.

    With `any_level`, the code may name a province (2 digits), an old district (3) or a commune (5), as
    written: reported data are entered for the unit they describe (a province's figures for the province).
    Such a column's key part is (hierarchy, code): old and new units share codes."""

    width: int = 5
    any_level: bool = False

    @property
    def description(self):
        if self.any_level:
            return "Mã đơn vị hành chính GSO: tỉnh 2 chữ số (01), quận/huyện cũ 3 chữ số (277), xã/phường 5 chữ số"
        return f"Mã đơn vị hành chính (GSO, {self.width} chữ số; số 0 đầu có thể bỏ)"

    def parse(self, raw):
        text = _text(raw)
        if not text:
            return None
        if not text.isdigit():
            raise CellError(f"Mã đơn vị “{text}” không hợp lệ: mã chỉ gồm chữ số.")
        stripped = text.lstrip("0") or "0"
        if len(stripped) > self.width:
            raise CellError(f"Mã đơn vị “{text}” dài quá {self.width} chữ số.")
        if self.any_level:  # the width written says the level: 1 → 01, 277 → 277, 10030 / 0010030 → 10030
            width = 2 if len(text) <= 2 else 3 if len(text) == 3 else 5
            return stripped.zfill(max(width, len(stripped)) if width != 5 else 5)
        return stripped.zfill(self.width)


@dataclass
class Ref(ColumnType):
    """The code of another record (model.field); resolved by the engine, one query per batch."""

    model: type = None
    field: str = "code"
    max_length: int = 40
    what: str = ""

    @property
    def description(self):
        return f"Mã {self.what} đã có trong hệ thống" if self.what else "Mã đã có trong hệ thống"

    def parse(self, raw):
        text = _text(raw)
        if len(text) > self.max_length:
            raise CellError(f"Mã dài {len(text)} ký tự, tối đa {self.max_length}.")
        return text or None


@dataclass
class ListOf(ColumnType):
    """Several values in one cell separated by ";"."""

    item: ColumnType = field(default_factory=Text)

    @property
    def description(self):
        return self.item.description + "; nhiều giá trị ngăn cách bằng dấu chấm phẩy (;)"

    def parse(self, raw):
        items = []
        for part in _text(raw).split(";"):
            if part.strip():
                value = self.item.parse(part.strip())
                if value not in items:
                    items.append(value)
        return items

    def export(self, value):
        return "; ".join(value or [])


class CraftList(ListOf):
    """Crafts by their Vietnamese names (a many-to-many field); a craft not yet in the catalogue is added.
    `model` is the catalogue (fields `name`, `folded_name`), given by the app that declares the kind."""

    def __init__(self, *, model):
        super().__init__(item=Text(max_length=120))
        self.model = model

    @property
    def description(self):
        return "Tên nghề tiếng Việt, nhiều nghề ngăn cách bằng dấu ;  (nghề chưa có sẽ được thêm vào danh mục)"


class CraftName(Text):
    """One craft by its Vietnamese name (a foreign key); a craft not yet in the catalogue is added."""

    def __init__(self, *, model):
        super().__init__(max_length=120)
        self.model = model

    @property
    def description(self):
        return "Tên nghề tiếng Việt (nghề chưa có sẽ được thêm vào danh mục)"

    def parse(self, raw):
        return super().parse(raw) or None


@dataclass
class RefList(ListOf):
    """Codes of other records, separated by ";", for a many-to-many field (a project's beneficiaries)."""

    model: type = None
    field: str = "code"
    what: str = ""

    def __post_init__(self):
        self.item = Code(max_length=40)

    @property
    def description(self):
        return f"Các mã {self.what} đã có trong hệ thống, ngăn cách bằng dấu ;"


HIERARCHY_CHOICES = [("current", "hiện hành"), ("legacy", "trước 01/07/2025")]


class HierarchyType(Enum):
    def __init__(self):
        super().__init__(options=list(HIERARCHY_CHOICES))

    def parse(self, raw):
        text = fold(_text(raw))
        if text in ("cu", "moi"):
            return "legacy" if text == "cu" else "current"
        return super().parse(raw)
