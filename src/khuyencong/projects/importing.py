"""The `projects` import kind of domain.md §8, for historical projects: rows are validated first, then
written all or nothing. The given status is recorded as is (the workflow is not walked) and each
project is marked `imported`; one ProjectTransition row "import" shows it on the timeline.

Rows are dicts keyed by the column keys (or their Vietnamese labels). Policy: create only. A code that
already exists is an error, never an overwrite. Only centre staff and administrators import.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Role
from khuyencong.accounts.permissions import require_role
from khuyencong.core.audit import AuditAction, audit_record
from khuyencong.core.text import fold
from khuyencong.geo.models import Level
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.projects.models import Activity, FundingSource, Project, ProjectState, ProjectTransition
from khuyencong.projects.scope import project_in_scope
from khuyencong.projects.services import _derive

COLUMNS = {
    "code": "Mã đề án", "title": "Tên đề án", "activity": "Nội dung hoạt động", "funding_source": "Nguồn kinh phí",
    "plan_year": "Năm kế hoạch", "commune_code": "Mã xã/phường", "beneficiaries": "Đơn vị thụ hưởng",
    "approved_funds": "Kinh phí được duyệt", "settled_funds": "Kinh phí quyết toán",
    "counterpart_funds": "Vốn đối ứng", "status": "Trạng thái", "accepted_on": "Ngày nghiệm thu",
    "jobs_created": "Việc làm tạo ra", "hierarchy": "Hệ thống mã đơn vị",
}
REQUIRED = ("code", "title", "activity", "funding_source", "plan_year")
_BY_LABEL = {fold(label): key for key, label in COLUMNS.items()}


@dataclass
class ImportResult:
    created: list[Project] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, column key, message)

    @property
    def ok(self) -> bool:
        return not self.errors


class ProjectImportError(ValidationError):
    def __init__(self, errors):
        self.rows = errors
        super().__init__([_("Dòng %(row)s, cột %(col)s: %(msg)s") % {"row": r, "col": c, "msg": m}
                          for r, c, m in errors])


def _choice(enum, raw, what):
    text = str(raw).strip()
    for value, label in enum.choices:
        if text == value or fold(text) == fold(str(label)):
            return value
    raise ValueError(_("%(what)s “%(v)s” không hợp lệ; dùng một trong: %(all)s.") % {
        "what": what, "v": text, "all": ", ".join(enum.values)})


def _int(raw):
    if isinstance(raw, bool):
        raise ValueError(_("không phải số"))
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    else:
        text = str(raw).strip().replace(".", "").replace(" ", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(_("“%s” không phải số nguyên (đồng, không có phần lẻ).") % raw)
        value = int(text)
    if value < 0:
        raise ValueError(_("không được âm."))
    return value


def _date(raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%s” không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd).") % raw)


def _normalise(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        k = str(key).strip()
        k = k if k in COLUMNS else _BY_LABEL.get(fold(k), k)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            out[k] = value
    return out


def _parse(row: dict, hierarchy: str, establishments) -> tuple[dict, list[tuple[str, str]]]:
    errors, data = [], {}
    for key in REQUIRED:
        if key not in row:
            errors.append((key, _("Bắt buộc.")))
    parsers = {
        "code": lambda v: str(v).strip()[:40], "title": lambda v: str(v).strip()[:400],
        "activity": lambda v: _choice(Activity, v, _("Nội dung")),
        "funding_source": lambda v: _choice(FundingSource, v, _("Nguồn kinh phí")),
        "status": lambda v: _choice(ProjectState, v, _("Trạng thái")),
        "plan_year": _int, "approved_funds": _int, "settled_funds": _int, "counterpart_funds": _int,
        "jobs_created": _int, "accepted_on": _date,
    }
    for key, parse in parsers.items():
        if key in row:
            try:
                data[key] = parse(row[key])
            except ValueError as exc:
                errors.append((key, str(exc)))
    if "commune_code" in row:
        try:
            data["commune"] = unit_get(code=str(row["commune_code"]).strip(),
                                       hierarchy=str(row.get("hierarchy") or hierarchy).strip(), level=Level.COMMUNE)
        except UnitNotFound as exc:
            errors.append(("commune_code", str(exc)))
    codes = [c.strip() for c in str(row.get("beneficiaries", "")).split(";") if c.strip()]
    missing = [c for c in codes if c not in establishments]
    if missing:
        errors.append(("beneficiaries", _("Không tìm thấy cơ sở có mã: %s.") % ", ".join(missing)))
    data["beneficiaries"] = [establishments[c] for c in codes if c in establishments]
    approved, settled = data.get("approved_funds"), data.get("settled_funds")
    if approved is not None and settled is not None and settled > approved:
        errors.append(("settled_funds", _("Kinh phí quyết toán lớn hơn kinh phí được duyệt.")))
    return data, errors


def projects_import_rows(rows: Iterable[dict], *, actor, hierarchy: str = "current") -> ImportResult:
    """Validate every row, then create every project in one transaction; any error writes nothing."""
    from khuyencong.registry.models import Establishment

    allowed, reason = require_role(actor, Role.CENTRE_STAFF, Role.ADMINISTRATOR, action=_("nhập đề án"))
    if not allowed:
        raise ValidationError(reason, code="forbidden")
    rows = [_normalise(r) for r in rows]
    codes = {str(c).strip() for r in rows for c in str(r.get("beneficiaries", "")).split(";") if str(c).strip()}
    establishments = {e.code: e for e in Establishment.objects.filter(code__in=codes)}
    result = ImportResult()
    parsed, seen = [], {}
    existing = set(Project.objects.filter(code__in=[str(r.get("code", "")).strip() for r in rows])
                   .values_list("code", flat=True))
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        data, errors = _parse(row, hierarchy, establishments)
        code = data.get("code")
        if code in existing:
            errors.append(("code", _("Đề án mã “%s” đã có trong hệ thống.") % code))
        elif code in seen:
            errors.append(("code", _("Mã “%(c)s” lặp lại dòng %(r)s.") % {"c": code, "r": seen[code]}))
        elif code:
            seen[code] = number
        result.errors += [(number, col, msg) for col, msg in errors]
        parsed.append((number, data))
    if result.errors:
        return result
    with transaction.atomic():
        for number, data in parsed:
            beneficiaries = data.pop("beneficiaries")
            state = data.pop("status", ProjectState.DRAFT)
            project = Project(state=state, imported=True, created_by=actor, **data)
            _derive(project)
            try:
                project.full_clean()
            except ValidationError as exc:
                result.errors += [(number, k, " ".join(v)) for k, v in exc.message_dict.items()]
                continue
            project.save()
            project.beneficiaries.set(beneficiaries)
            if not actor.is_superuser and not project_in_scope(actor, project):
                result.errors.append((number, "commune_code", _("Xã/phường nằm ngoài địa bàn bạn được giao.")))
                continue
            ProjectTransition.objects.create(project=project, name="import", from_state=state, to_state=state,
                                             actor=actor, comment=_("Nhập từ dữ liệu cũ"), data={})
            audit_record(actor=actor, obj=project, action=AuditAction.IMPORT,
                         summary=_("Nhập đề án %(code)s, trạng thái “%(state)s”") % {
                             "code": project.code, "state": project.get_state_display()})
            result.created.append(project)
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result
