"""Writes to establishments (cơ sở CNNT)."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import require_visible
from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.codes import code_allocate
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import CraftVillage, Establishment, Sector
from khuyencong.registry.services.common import (
    clean_text,
    code_problem,
    commune_scope_problem,
    created_changes,
    ensure_edit_scope,
    place_current_commune,
    public_changed,
    successor_problem,
)
from khuyencong.registry.services.duplicates import duplicate_dismiss, duplicates_flag

EDITABLE_FIELDS = [
    "code", "name", "kind", "commune", "tax_code", "address", "sector", "craft_village", "workers", "revenue",
    "founded_year", "polluting", "current_commune",
]
# 10 digits, or 10 digits and a 3-digit branch suffix (0101234567-001).
_TAX_RE = re.compile(r"^\d{10}(-\d{3})?$")
# An establishment created without a code gets the next CS-000123.
CODE_PREFIX, CODE_WIDTH = "CS", 6


def tax_code_normalize(value) -> str | None:
    text = "".join(str(value or "").split())
    return text or None


def tax_code_problem(tax_code: str | None, *, exclude_pk=None) -> str | None:
    """A clear Vietnamese message for a malformed or already used tax code."""
    if tax_code is None:
        return None
    if not _TAX_RE.match(tax_code):
        return _(
            "Mã số thuế “%(tax)s” không hợp lệ: gồm 10 chữ số, hoặc 10 chữ số, dấu “-” và 3 chữ số (chi nhánh)."
        ) % {"tax": tax_code}
    other = Establishment.objects.filter(tax_code=tax_code).exclude(pk=exclude_pk).values_list("code", flat=True)
    code = other.first()
    if code is not None:
        return _(
            "Mã số thuế %(tax)s đã được đăng ký cho cơ sở khác (mã cơ sở %(code)s). "
            "Mỗi mã số thuế chỉ dùng cho một cơ sở."
        ) % {"tax": tax_code, "code": code}
    return None


def tax_code_check(tax_code: str | None, *, exclude_pk=None) -> None:
    problem = tax_code_problem(tax_code, exclude_pk=exclude_pk)
    if problem:
        raise ValidationError({"tax_code": problem})


def establishment_check(*, actor=None, code: str = "", tax_code: str | None = None, commune=None,
                        current_commune=None, exclude_pk=None) -> None:
    """Every rule of the service that needs no saved record, reported together in one ValidationError: the
    code and tax code free and well formed, a chosen current commune one of the old commune's successors,
    the commune inside the actor's units. The form calls it in `clean()`, so these errors come with the
    field errors in one pass; the services call it before writing."""
    code = clean_text(code)
    problems = {
        "code": code_problem(Establishment, code, exclude_pk, _("cơ sở")) if code else None,
        "tax_code": tax_code_problem(tax_code_normalize(tax_code), exclude_pk=exclude_pk),
        "current_commune": successor_problem(commune, current_commune),
        "commune": commune_scope_problem(actor, commune, model=Establishment),
    }
    errors = {name: problem for name, problem in problems.items() if problem}
    if errors:
        raise ValidationError(errors)


def _save(est: Establishment) -> None:
    """Two people saving the same code or tax code at once: the database decides, the user gets a message."""
    try:
        with transaction.atomic():
            est.save()
    except IntegrityError as exc:
        raise ValidationError(_("Mã cơ sở hoặc mã số thuế vừa được dùng cho một cơ sở khác; hãy kiểm tra lại.")) \
            from exc


def _prepare(values: dict) -> dict:
    if "code" in values:
        values["code"] = clean_text(values["code"])
    if "name" in values:
        values["name"] = clean_text(values["name"])
    if "address" in values:
        values["address"] = clean_text(values["address"])
    if "tax_code" in values:
        values["tax_code"] = tax_code_normalize(values["tax_code"])
    return values


@transaction.atomic
def establishment_create(
    *, actor, name: str, kind: str, commune: AdminUnit, code: str = "", tax_code: str | None = None,
    address: str = "", sector: Sector | None = None, craft_village: CraftVillage | None = None,
    workers: int | None = None, revenue: int | None = None, founded_year: int | None = None,
    polluting: bool = False, current_commune: AdminUnit | None = None, flag_duplicates: bool = True,
    confirmed_not_duplicate: bool = False, audit_action: str = AuditAction.CREATE,
) -> Establishment:
    """Create an establishment; likely duplicates in its commune are flagged (see `.duplicate_flags`), or,
    when the user confirmed it is not a duplicate, recorded as "not a duplicate" by them.

    Without a code it gets the next CS-000123."""
    values = _prepare(dict(code=code, name=name, address=address, tax_code=tax_code))
    require_visible(actor, [craft_village], field="craft_village", what=_("làng nghề"))
    establishment_check(actor=actor, code=values["code"], tax_code=values["tax_code"], commune=commune,
                        current_commune=current_commune)
    if not values["code"]:
        values["code"] = code_allocate(model=Establishment, prefix=CODE_PREFIX, width=CODE_WIDTH)
    est = Establishment(
        **values, kind=kind, commune=commune, sector=sector, craft_village=craft_village, workers=workers,
        revenue=revenue, founded_year=founded_year, polluting=polluting,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    apply_derived(est)
    place_current_commune(est, chosen=current_commune)
    est.full_clean()
    _save(est)
    ensure_edit_scope(actor, est)
    audit_record(actor=actor, obj=est, action=audit_action, changes=created_changes(est, EDITABLE_FIELDS),
                 summary=_("Thêm cơ sở %(code)s") % {"code": est.code})
    est.duplicate_flags = _flag(est, actor=actor, confirmed=confirmed_not_duplicate) if flag_duplicates else []
    return est


def _flag(est: Establishment, *, actor, confirmed: bool) -> list:
    """Flag likely duplicates; those the user has just confirmed are not duplicates are dismissed by them."""
    flags = duplicates_flag(establishment=est)
    if not confirmed:
        return flags
    for flag in flags:
        duplicate_dismiss(flag=flag, actor=actor)
    return []


@transaction.atomic
def establishment_update(*, actor, establishment: Establishment, audit_action: str = AuditAction.UPDATE,
                         confirmed_not_duplicate: bool = False, **changes) -> Establishment:
    """Change the given fields; the audit row lists each field old → new. Unknown fields are refused."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"establishment_update: unknown fields {sorted(unknown)}")
    est = Establishment.objects.select_for_update().get(pk=establishment.pk)
    ensure_edit_scope(actor, est)
    before = snapshot(est, EDITABLE_FIELDS)
    changes = _prepare(changes)
    if not changes.get("code", est.code):
        changes.pop("code")  # an emptied code keeps the record's own
    establishment_check(actor=actor, code=changes.get("code", ""), tax_code=changes.get("tax_code"),
                        commune=changes.get("commune"), current_commune=changes.get("current_commune"),
                        exclude_pk=est.pk)
    if changes.get("craft_village") is not None and changes["craft_village"].pk != est.craft_village_id:
        require_visible(actor, [changes["craft_village"]], field="craft_village", what=_("làng nghề"))
    old_place = (est.commune_id, est.name)
    previous = est.current_commune if "commune" not in changes or changes["commune"].pk == est.commune_id else None
    chosen = changes.pop("current_commune", None)
    for field, value in changes.items():
        setattr(est, field, value)
    apply_derived(est)
    place_current_commune(est, chosen=chosen, previous=previous)
    est.full_clean()
    _save(est)
    ensure_edit_scope(actor, est)
    changed = diff(before, snapshot(est, EDITABLE_FIELDS))
    if changed:
        audit_record(actor=actor, obj=est, action=audit_action, changes=changed,
                     summary=_("Sửa cơ sở %(code)s") % {"code": est.code})
        if est.public_listing:
            public_changed()
    moved = (est.commune_id, est.name) != old_place
    est.duplicate_flags = _flag(est, actor=actor, confirmed=confirmed_not_duplicate) if moved else []
    return est
