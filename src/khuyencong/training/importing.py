"""Import kinds `trainees` and `transplants` (domain.md §8), all or nothing.

(`training_classes` is declared for the import framework in `import_kinds.py`. These two write
follow-ups, checks and village crafts row by row through the services, which the framework's bulk
writer does not do; plugging them in needs a per-row write hook there.)

Row 1 holds the column keys or their Vietnamese labels, in any order; data starts on row 2. Each row
goes through the same services as the pages (so every rule holds), in its own savepoint inside one
transaction: every bad row is named with its spreadsheet row number, and if any row fails the whole
transaction is rolled back. A dry run validates everything and writes nothing.

Columns beyond §8 (accepted, optional): trainees `id_number`, `certificate_number`; transplants
`households_trained`, `check_year` (year of the `sustained` check, default this year), `craft_households`.
Policy: create only (trainees have no key; a transplant already recorded for the same village, craft
and year is an error, nothing is updated silently).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import scope_queryset
from khuyencong.core.text import fold
from khuyencong.geo.models import Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.projects.models import Project
from khuyencong.registry.models import Craft, CraftVillage, Establishment
from khuyencong.training import services
from khuyencong.training.models import TrainingClass
from khuyencong.training.permissions import EDITOR_ROLES
from khuyencong.training.roster import TraineeRow, parse_birth_year, parse_gender, parse_id_number, parse_yes_no
from khuyencong.training.tables import MAX_ROWS, cell_text, read_cells
from khuyencong.training.transplant_services import transplant_check_add, transplant_create

MAX_LISTED_ERRORS = 300


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    required: bool = False


KINDS = {
    "trainees": (_("Học viên"), [
        Col("class_code", "Mã lớp", True), Col("full_name", "Họ tên", True), Col("birth_year", "Năm sinh"),
        Col("gender", "Giới tính"), Col("commune_code", "Mã xã/phường"), Col("completed", "Hoàn thành"),
        Col("employed", "Có việc làm"), Col("employer_code", "Mã cơ sở"), Col("id_number", "Số CCCD"),
        Col("certificate_number", "Số chứng chỉ"), Col("hierarchy", "Hệ thống mã đơn vị"),
    ]),
    "transplants": (_("Cấy nghề"), [
        Col("village_code", "Mã làng", True), Col("craft", "Nghề", True), Col("year", "Năm", True),
        Col("project_code", "Mã đề án"), Col("sustained", "Còn duy trì"),
        Col("households_trained", "Số hộ được đào tạo"),
        Col("check_year", "Năm kiểm tra"), Col("craft_households", "Số hộ làm nghề"),
    ]),
}
_ALIASES = {"họ và tên": "full_name", "số cmnd/cccd": "id_number", "cccd": "id_number", "mã xã": "commune_code",
            "năm cấy nghề": "year", "duy trì": "sustained", "loại": "kind", "từ ngày": "start", "đến ngày": "end"}


@dataclass
class ImportSummary:
    kind: str
    rows: int = 0
    created: int = 0
    follow_ups: int = 0
    checks: int = 0
    crafts_added: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = _("Sẽ thêm") if self.dry_run else _("Đã thêm")
        out = [_("%(verb)s %(n)d dòng (%(kind)s).") % {"verb": verb, "n": self.created, "kind": KINDS[self.kind][0]}]
        if self.follow_ups:
            out.append(_("Theo dõi việc làm: %(n)d.") % {"n": self.follow_ups})
        if self.checks:
            out.append(_("Kết quả kiểm tra duy trì nghề: %(n)d.") % {"n": self.checks})
        if self.crafts_added:
            out.append(_("Nghề mới thêm vào danh mục: %(c)s.") % {"c": ", ".join(self.crafts_added)})
        if self.dry_run:
            out.append(_("Chạy thử: chưa ghi gì."))
        return out


class RowError(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class _Context:
    def __init__(self, *, actor, hierarchy, confirm_large, summary):
        self.actor, self.hierarchy, self.confirm_large, self.summary = actor, hierarchy, confirm_large, summary
        self.today = timezone.localdate()
        self.units, self.classes = {}, {}

    def commune(self, code, hierarchy):
        key = (hierarchy, code)
        if key not in self.units:
            try:
                self.units[key] = unit_get(code=code, hierarchy=hierarchy, level=Level.COMMUNE)
            except UnitNotFound as exc:
                self.units[key] = exc
        found = self.units[key]
        if isinstance(found, Exception):
            raise ValueError(str(found).rstrip("."))
        return found

    def craft(self, name):
        if not Craft.objects.filter(folded_name=fold(name)).exists() and name not in self.summary.crafts_added:
            self.summary.crafts_added.append(" ".join(name.split()))
        return services.craft_for_name(name)


def _int(raw, label):
    text = cell_text(raw).replace(".", "").replace(" ", "") if not isinstance(raw, (int, float)) else cell_text(raw)
    if not text:
        return None
    if not text.lstrip("-").isdigit() or int(text) < 0:
        raise ValueError(_("%(label)s “%(v)s” phải là số nguyên không âm") % {"label": label, "v": cell_text(raw)})
    return int(text)


def _hierarchy(get, ctx):
    value = fold(get("hierarchy")) or ctx.hierarchy
    if value not in Hierarchy.values:
        raise ValueError(_("hệ thống mã đơn vị “%(v)s” phải là current hoặc legacy") % {"v": get("hierarchy")})
    return value


def _project(code):
    if not code:
        return None
    project = Project.objects.filter(code=code).first()
    if project is None:
        raise ValueError(_("không có đề án mã “%(c)s”") % {"c": code})
    return project


def _collect(problems, fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:
        problems.append(str(exc))
        return None


def _row_trainee(get, ctx):
    problems = []
    code = get("class_code")
    if code not in ctx.classes:
        ctx.classes[code] = scope_queryset(TrainingClass.objects.filter(code=code), ctx.actor,
                                           roles=EDITOR_ROLES).first()
    cls = ctx.classes[code]
    if cls is None:
        problems.append(_("không có lớp mã “%(c)s” (trong địa bàn của bạn)") % {"c": code})
    row = TraineeRow(line=0, full_name=" ".join(get("full_name").split()), class_code=code)
    row.birth_year = _collect(problems, parse_birth_year, get("birth_year"))
    row.gender = _collect(problems, parse_gender, get("gender")) or ""
    row.id_number = _collect(problems, parse_id_number, get("id_number"))
    row.completed = bool(_collect(problems, lambda v: parse_yes_no(v, label=_("hoàn thành")), get("completed")))
    row.employed = _collect(problems, lambda v: parse_yes_no(v, label=_("có việc làm")), get("employed"))
    row.extra["certificate_number"] = get("certificate_number")
    hierarchy = _collect(problems, _hierarchy, get, ctx)
    if get("commune_code") and hierarchy:
        row.extra["home_commune"] = _collect(problems, ctx.commune, get("commune_code"), hierarchy)
    if get("employer_code"):
        employer = scope_queryset(Establishment.objects.filter(code=get("employer_code")), ctx.actor).first()
        if employer is None:
            problems.append(_("không có cơ sở mã “%(c)s”") % {"c": get("employer_code")})
        row.extra["employer"] = employer
    if row.employed is not None and cls is not None:
        if cls.end_date > ctx.today:
            problems.append(_("lớp chưa kết thúc, chưa thể ghi việc làm"))
        row.extra["follow_up_date"] = min(cls.follow_up_due_on, ctx.today)
    if problems:
        raise RowError(problems)
    result = services.roster_import_rows(actor=ctx.actor, training_class=cls, rows=[row],
                                         confirm_large=ctx.confirm_large)
    ctx.summary.created += 1
    ctx.summary.follow_ups += row.employed is not None
    return result.warnings


def _row_transplant(get, ctx):
    problems = []
    found = CraftVillage.objects.filter(code=get("village_code"))
    village = scope_queryset(found, ctx.actor, roles=EDITOR_ROLES).first()
    if village is None:
        problems.append(_("không có làng mã “%(c)s” (trong địa bàn của bạn)") % {"c": get("village_code")})
    year = _collect(problems, _int, get("year", raw=True), _("năm"))
    project = _collect(problems, _project, get("project_code"))
    households = _collect(problems, _int, get("households_trained", raw=True), _("số hộ được đào tạo"))
    sustained = _collect(problems, lambda v: parse_yes_no(v, label=_("còn duy trì")), get("sustained"))
    check_year = _collect(problems, _int, get("check_year", raw=True), _("năm kiểm tra"))
    craft_households = _collect(problems, _int, get("craft_households", raw=True), _("số hộ làm nghề"))
    if problems:
        raise RowError(problems)
    transplant = transplant_create(actor=ctx.actor, village=village, craft=ctx.craft(get("craft")), year=year,
                                   project=project, households_trained=households)
    ctx.summary.created += 1
    if sustained is not None:
        transplant_check_add(actor=ctx.actor, transplant=transplant, year=check_year or ctx.today.year,
                             still_practising=sustained, craft_households=craft_households)
        ctx.summary.checks += 1


HANDLERS = {"trainees": _row_trainee, "transplants": _row_transplant}


def _map_header(kind: str, header: list) -> dict[str, int]:
    columns = KINDS[kind][1]
    lookup = {fold(c.key): c.key for c in columns} | {fold(c.label): c.key for c in columns}
    lookup |= {fold(alias): key for alias, key in _ALIASES.items() if any(c.key == key for c in columns)}
    positions, errors = {}, []
    for index, cell in enumerate(header):
        text = cell_text(cell)
        if not text:
            continue
        key = lookup.get(fold(text))
        if key is None:
            errors.append(_("Dòng 1: không biết cột “%(c)s”.") % {"c": text})
        elif key in positions:
            errors.append(_("Dòng 1: cột “%(c)s” lặp lại.") % {"c": text})
        else:
            positions[key] = index
    for column in columns:
        if column.required and column.key not in positions:
            errors.append(_("Dòng 1: thiếu cột bắt buộc %(key)s (“%(label)s”).") % {"key": column.key,
                                                                                   "label": column.label})
    if errors:
        raise ValidationError(errors)
    return positions


def import_training(*, kind: str, upload, actor, hierarchy: str = Hierarchy.CURRENT, dry_run: bool = False,
                    confirm_large: bool = False) -> ImportSummary:
    """Validate and write every row of `upload`; raises ValidationError naming every bad row (nothing written)."""
    if kind not in KINDS:
        raise ValidationError(_("Không có loại dữ liệu “%(k)s” (trainees, transplants; lớp đào tạo: "
                                "khuyencong import training_classes).") % {"k": kind})
    rows = read_cells(upload)
    if not rows or not any(cell_text(c) for c in rows[0]):
        raise ValidationError(_("Tệp trống: dòng 1 phải là tiêu đề cột."))
    positions = _map_header(kind, rows[0])
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(cell_text(c) for c in r)]
    if not body:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 2)."))
    if len(body) > MAX_ROWS:
        raise ValidationError(_("Tệp có %(n)d dòng, nhiều hơn %(max)d.") % {"n": len(body), "max": MAX_ROWS})
    summary = ImportSummary(kind=kind, rows=len(body), dry_run=dry_run)
    ctx = _Context(actor=actor, hierarchy=hierarchy, confirm_large=confirm_large, summary=summary)
    handler, errors = HANDLERS[kind], []
    with transaction.atomic():
        for number, raw in body:
            def get(key, raw_value=False, raw=raw):
                index = positions.get(key)
                value = raw[index] if index is not None and index < len(raw) else None
                return value if raw_value else cell_text(value)

            def getter(key, raw=False, _get=get):
                return _get(key, raw_value=raw)

            missing = [c.key for c in KINDS[kind][1] if c.required and not cell_text(getter(c.key, raw=True))]
            try:
                if missing:
                    raise RowError([_("thiếu %(cols)s") % {"cols": ", ".join(missing)}])
                with transaction.atomic():
                    warnings = handler(getter, ctx) or []
                summary.warnings += [_("Dòng %(n)d: %(w)s") % {"n": number, "w": w} for w in warnings]
            except RowError as exc:
                errors.append(_("Dòng %(n)d: %(p)s.") % {"n": number, "p": "; ".join(exc.problems)})
            except ValidationError as exc:
                errors.append(_("Dòng %(n)d: %(p)s") % {"n": number, "p": " ".join(exc.messages)})
        if errors or dry_run:
            transaction.set_rollback(True)
    if errors:
        listed = errors[:MAX_LISTED_ERRORS]
        if len(errors) > MAX_LISTED_ERRORS:
            listed.append(_("… và %(n)d dòng lỗi khác.") % {"n": len(errors) - MAX_LISTED_ERRORS})
        listed.append(_("Không ghi dòng nào: sửa các dòng lỗi rồi nhập lại."))
        raise ValidationError(listed)
    return summary


def template_header(kind: str) -> list[str]:
    return [c.key for c in KINDS[kind][1]]
