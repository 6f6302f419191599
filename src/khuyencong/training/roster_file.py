"""Reading a class's trainees from an uploaded XLSX or CSV file (the roster's "import many").

Row 1 holds the column keys of domain.md §8 `trainees` or their Vietnamese labels, in any order; data
starts on row 2. Every bad row is named by its spreadsheet row number; nothing is written unless all
rows pass (the caller then hands the rows to `services.roster_import_rows`).

A row's `employed` is its latest follow-up: recorded on the class's six-month day (end + 6 months),
or today if that day has not come yet.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import scope_queryset
from khuyencong.core.text import fold
from khuyencong.geo.models import Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.registry.models import Establishment
from khuyencong.training.models import TrainingClass
from khuyencong.training.roster import TraineeRow, parse_birth_year, parse_gender, parse_id_number, parse_yes_no
from khuyencong.training.tables import MAX_ROWS
from khuyencong.training.tables import cell_text as _text
from khuyencong.training.tables import read_cells as _cells

COLUMNS = {
    "class_code": ["ma lop"],
    "full_name": ["ho ten", "ho va ten"],
    "birth_year": ["nam sinh"],
    "gender": ["gioi tinh"],
    "id_number": ["so cccd", "cccd", "so cmnd/cccd", "so cmnd", "cmnd/cccd"],
    "commune_code": ["ma xa", "ma xa/phuong", "ma xa phuong"],
    "completed": ["hoan thanh"],
    "certificate_number": ["so chung chi"],
    "employed": ["co viec lam", "viec lam"],
    "employer_code": ["ma co so", "ma co so su dung lao dong"],
}
_LOOKUP = {fold(key): key for key in COLUMNS} | {label: key for key, labels in COLUMNS.items() for label in labels}


def read_roster_file(upload, *, training_class: TrainingClass, user) -> list[TraineeRow]:
    rows = _cells(upload)
    if not rows or not any(_text(c) for c in rows[0]):
        raise ValidationError(_("Tệp trống: dòng 1 phải là tiêu đề cột (full_name hoặc “Họ tên”…)."))
    header, errors = {}, []
    for index, cell in enumerate(rows[0]):
        label = fold(_text(cell))
        if not label:
            continue
        key = _LOOKUP.get(label)
        if key is None:
            errors.append(_("Dòng 1: không biết cột “%(c)s”.") % {"c": _text(cell)})
        else:
            header[key] = index
    if "full_name" not in header:
        errors.append(_("Dòng 1: thiếu cột bắt buộc full_name (“Họ tên”)."))
    if errors:
        raise ValidationError(errors)
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(_text(c) for c in r)]
    if not body:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 2)."))
    if len(body) > MAX_ROWS:
        raise ValidationError(_("Tệp có %(n)d dòng, nhiều hơn %(max)d.") % {"n": len(body), "max": MAX_ROWS})
    today = timezone.localdate()
    follow_up_date = min(training_class.follow_up_due_on, today)
    class_codes = {}
    result = []
    for number, raw in body:
        def get(key, raw=raw):
            return _text(raw[header[key]]) if key in header and header[key] < len(raw) else ""

        problems = []
        code = get("class_code")
        if code and code != training_class.code:
            if code not in class_codes:
                class_codes[code] = TrainingClass.objects.filter(code=code).exists()
            problems.append(
                _("lớp “%(c)s” không phải lớp %(this)s") % {"c": code, "this": training_class.code}
                if class_codes[code] else _("không có lớp mã “%(c)s”") % {"c": code}
            )
        row = TraineeRow(line=number, full_name=" ".join(get("full_name").split()), class_code=code)
        if not row.full_name:
            problems.append(_("thiếu họ tên"))
        for attr, parser in (("birth_year", parse_birth_year), ("gender", parse_gender),
                             ("id_number", parse_id_number)):
            try:
                setattr(row, attr, parser(get(attr)))
            except ValueError as exc:
                problems.append(str(exc))
        try:
            row.completed = bool(parse_yes_no(get("completed"), label=_("hoàn thành")))
            row.employed = parse_yes_no(get("employed"), label=_("có việc làm"))
        except ValueError as exc:
            problems.append(str(exc))
        row.extra["certificate_number"] = get("certificate_number")
        if get("commune_code"):
            try:
                row.extra["home_commune"] = unit_get(code=get("commune_code"), hierarchy=Hierarchy.CURRENT,
                                                     level=Level.COMMUNE)
            except UnitNotFound as exc:
                problems.append(str(exc).rstrip("."))
        if row.employed is not None:
            if not row.completed:
                problems.append(_("có ghi việc làm nhưng chưa hoàn thành khoá học"))
            elif training_class.end_date > today:
                problems.append(_("lớp chưa kết thúc, chưa thể ghi việc làm"))
            row.extra["follow_up_date"] = follow_up_date
        if get("employer_code"):
            employer = scope_queryset(Establishment.objects.filter(code=get("employer_code")), user).first()
            if employer is None:
                problems.append(_("không có cơ sở mã “%(c)s”") % {"c": get("employer_code")})
            elif not row.employed:
                problems.append(_("có mã cơ sở nhưng không ghi có việc làm"))
            row.extra["employer"] = employer
        if problems:
            errors.append(_("Dòng %(n)d: %(p)s.") % {"n": number, "p": "; ".join(problems)})
        result.append(row)
    if errors:
        raise ValidationError(errors)
    return result
