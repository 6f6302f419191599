"""Writes to craft villages and their yearly statistics."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.catalogues import resolve_by_name
from khuyencong.core.codes import code_allocate
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import Craft, CraftVillage, CraftVillageYear, Recognition
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

EDITABLE_FIELDS = [
    "code", "name", "commune", "recognition", "recognition_year", "recognition_decision", "latitude", "longitude",
    "current_commune", "description",
]
YEAR_FIELDS = ["households", "craft_households", "workers", "production_value", "export_value"]
# A village created without a code gets the next LN-000123.
CODE_PREFIX, CODE_WIDTH = "LN", 6


def clean_description(value) -> str:
    """Plain text: each line's spaces collapsed, at most one empty line between paragraphs, no markup kept as
    such (templates escape it)."""
    lines = [" ".join(line.split()) for line in str(value or "").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def crafts_resolve(names) -> tuple[list[Craft], list[Craft]]:
    """Crafts by name as people write them; unknown ones are added. Returns (crafts, added)."""
    crafts, added = [], []
    for raw in names:
        if isinstance(raw, Craft):
            crafts.append(raw)
            continue
        craft, created = resolve_by_name(Craft, raw)
        if craft is None:
            continue
        crafts.append(craft)
        if created:
            added.append(craft)
    return crafts, added


def craft_for_name(name: str) -> Craft:
    """The catalogue craft for one name as people write it; added when new."""
    craft, _created = resolve_by_name(Craft, name)
    if craft is None:
        raise ValidationError({"craft": _("Chưa ghi tên nghề.")})
    return craft


def village_default_coordinates(village: CraftVillage) -> None:
    """A village without coordinates is placed at its commune's (or today's commune's) point: the one rule
    for every path that creates a village (the services, the import's writer, the demos)."""
    if village.latitude is not None and village.longitude is not None:
        return
    for unit in (village.commune, village.current_commune):
        if unit is not None and unit.latitude is not None and unit.longitude is not None:
            village.latitude, village.longitude = unit.latitude, unit.longitude
            return


def village_check(*, actor=None, code: str = "", commune=None, current_commune=None, recognition=None,
                  recognition_year=None, exclude_pk=None) -> None:
    """Every rule of the service that needs no saved record, reported together (see `establishment_check`)."""
    code = clean_text(code)
    problems = {
        "code": code_problem(CraftVillage, code, exclude_pk, _("làng nghề")) if code else None,
        "recognition_year": _("Làng đã được công nhận cần có năm công nhận.")
        if recognition and recognition != Recognition.NONE and not recognition_year else None,
        "current_commune": successor_problem(commune, current_commune),
        "commune": commune_scope_problem(actor, commune, model=CraftVillage),
    }
    errors = {name: problem for name, problem in problems.items() if problem}
    if errors:
        raise ValidationError(errors)


def _crafts_text(village: CraftVillage) -> str:
    return "; ".join(sorted(c.name for c in village.crafts.all()))


@transaction.atomic
def village_create(
    *, actor, name: str, commune: AdminUnit, crafts, code: str = "", recognition: str = Recognition.NONE,
    recognition_year: int | None = None, recognition_decision: str = "", latitude=None, longitude=None,
    current_commune: AdminUnit | None = None, description: str = "", audit_action: str = AuditAction.CREATE,
) -> CraftVillage:
    """Create a village. Without a code it gets the next LN-000123; without coordinates, its commune's."""
    code, name = clean_text(code), clean_text(name)
    village_check(actor=actor, code=code, commune=commune, current_commune=current_commune,
                  recognition=recognition, recognition_year=recognition_year)
    resolved, _added = crafts_resolve(crafts)
    if not resolved:
        raise ValidationError({"crafts": _("Cần ít nhất một nghề.")})
    if not code:
        code = code_allocate(model=CraftVillage, prefix=CODE_PREFIX, width=CODE_WIDTH)
    village = CraftVillage(
        code=code, name=name, commune=commune, recognition=recognition, recognition_year=recognition_year,
        recognition_decision=clean_text(recognition_decision), latitude=latitude, longitude=longitude,
        description=clean_description(description),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    apply_derived(village)
    place_current_commune(village, chosen=current_commune)
    village_default_coordinates(village)
    village.full_clean()
    village.save()
    village.crafts.set(resolved)
    ensure_edit_scope(actor, village)
    after = created_changes(village, EDITABLE_FIELDS) | {"crafts": [None, _crafts_text(village)]}
    audit_record(actor=actor, obj=village, action=audit_action, changes=after,
                 summary=_("Thêm làng nghề %(code)s") % {"code": village.code})
    public_changed()
    return village


@transaction.atomic
def village_update(*, actor, village: CraftVillage, crafts=None, audit_action: str = AuditAction.UPDATE,
                   **changes) -> CraftVillage:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"village_update: unknown fields {sorted(unknown)}")
    village = CraftVillage.objects.select_for_update().get(pk=village.pk)
    ensure_edit_scope(actor, village)
    before = snapshot(village, EDITABLE_FIELDS) | {"crafts": _crafts_text(village)}
    for text_field in ("code", "name", "recognition_decision"):
        if text_field in changes:
            changes[text_field] = clean_text(changes[text_field])
    if "description" in changes:
        changes["description"] = clean_description(changes["description"])
    if not changes.get("code", village.code):
        changes.pop("code")  # an emptied code keeps the village's own
    village_check(actor=actor, code=changes.get("code", ""), commune=changes.get("commune"),
                  current_commune=changes.get("current_commune"), exclude_pk=village.pk)
    commune_changed = "commune" in changes and changes["commune"].pk != village.commune_id
    previous = None if commune_changed else village.current_commune
    chosen = changes.pop("current_commune", None)
    for field, value in changes.items():
        setattr(village, field, value)
    if village.recognition != Recognition.NONE and not village.recognition_year:
        raise ValidationError({"recognition_year": _("Làng đã được công nhận cần có năm công nhận.")})
    apply_derived(village)
    place_current_commune(village, chosen=chosen, previous=previous)
    if commune_changed and "latitude" not in changes:
        village.latitude = village.longitude = None
    village_default_coordinates(village)
    village.full_clean()
    village.save()
    if crafts is not None:
        resolved, _added = crafts_resolve(crafts)
        if not resolved:
            raise ValidationError({"crafts": _("Cần ít nhất một nghề.")})
        village.crafts.set(resolved)
    ensure_edit_scope(actor, village)
    changed = diff(before, snapshot(village, EDITABLE_FIELDS) | {"crafts": _crafts_text(village)})
    if changed:
        audit_record(actor=actor, obj=village, action=audit_action, changes=changed,
                     summary=_("Sửa làng nghề %(code)s") % {"code": village.code})
        public_changed()
    return village


@transaction.atomic
def village_year_upsert(
    *, actor, village: CraftVillage, year: int, households: int | None = None,
    craft_households: int | None = None, workers: int | None = None, production_value: int | None = None,
    export_value: int | None = None, audit_action: str | None = None,
) -> CraftVillageYear:
    """Create or replace one year's statistics of a village; the village's history records the change."""
    ensure_edit_scope(actor, village)
    values = dict(households=households, craft_households=craft_households, workers=workers,
                  production_value=production_value, export_value=export_value)
    for field, value in values.items():
        if value is not None and value < 0:
            raise ValidationError({field: _("Giá trị không được âm.")})
    row = CraftVillageYear.objects.select_for_update().filter(village=village, year=year).first()
    before = snapshot(row, YEAR_FIELDS) if row else {}
    created = row is None
    row = row or CraftVillageYear(village=village, year=year)
    for field, value in values.items():
        setattr(row, field, value)
    row.full_clean()
    row.save()
    changed = diff(before, snapshot(row, YEAR_FIELDS))
    if changed:
        audit_record(
            actor=actor, obj=village,
            action=audit_action or (AuditAction.CREATE if created else AuditAction.UPDATE),
            changes={f"{year}: {field}": value for field, value in changed.items()},
            summary=_("Số liệu năm %(year)s") % {"year": year},
        )
    return row
