"""Writes for craft transplants (cấy nghề) and their yearly checks; atomic and audited like `services.py`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.registry.models import Craft, CraftVillage, Recognition
from khuyencong.registry.services import craft_for_name
from khuyencong.training.models import CraftTransplant, TransplantCheck
from khuyencong.training.permissions import can_edit_transplant
from khuyencong.training.services.classes import check_links, edit_scope_problem, ensure_scope, project_problem

FIRST_YEAR = 1990


def year_problem(year: int) -> str | None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        return _("Năm %(y)s không hợp lệ (từ %(a)d đến năm nay).") % {"y": year, "a": FIRST_YEAR}
    return None


def _check_year(year: int, field: str) -> None:
    problem = year_problem(year)
    if problem:
        raise ValidationError({field: problem})


def recognised_problem(*, village, craft_name: str, has_craft: bool) -> str | None:
    """No transplant of a craft into a village already recognised (làng nghề) for it. Pure: the service and the
    transplants import kind use it."""
    if has_craft and village.recognition != Recognition.NONE:
        return _(
            "%(village)s đã được công nhận là %(recognition)s với nghề %(craft)s: không thể cấy nghề này vào đây."
        ) % {"village": village, "recognition": village.get_recognition_display().lower(), "craft": craft_name}
    return None


def transplant_problems(*, actor=None, village: CraftVillage, craft: Craft | None, year: int | None,
                        project=None) -> dict:
    """Every rule of a new transplant, as {field: message}: the form shows them with its own field errors,
    the service refuses them together."""
    has_craft = craft is not None and village.crafts.filter(pk=craft.pk).exists()
    problems = {
        "village": recognised_problem(village=village, craft_name=str(craft), has_craft=has_craft)
        or edit_scope_problem(actor, village.commune,
                              reason=_("Làng này nằm ngoài địa bàn bạn được giao ghi nhận cấy nghề.")),
        "year": year_problem(year) if year is not None else None,
        "project": project_problem(project),
    }
    if not problems["year"] and craft is not None and year is not None and \
            CraftTransplant.objects.filter(village=village, craft=craft, year=year).exists():
        problems["year"] = _("Đã ghi nhận cấy nghề %(craft)s vào %(village)s năm %(year)d.") % {
            "craft": craft, "village": village, "year": year}
    return {name: problem for name, problem in problems.items() if problem}


@transaction.atomic
def transplant_create(*, actor, village: CraftVillage, craft: Craft | str, year: int, project=None,
                      households_trained: int | None = None, note: str = "") -> CraftTransplant:
    """Record a craft brought to a village; the village then has that craft in the registry. Refused
    (nothing kept) when the actor does not record transplants in the village's commune. A craft given by name
    is added to the catalogue when new."""
    craft = craft if isinstance(craft, Craft) else craft_for_name(craft)
    check_links(actor, village=village, project=project)
    village = CraftVillage.objects.select_for_update().get(pk=village.pk)
    has_craft = village.crafts.filter(pk=craft.pk).exists()
    errors = transplant_problems(actor=actor, village=village, craft=craft, year=year, project=project)
    if errors:
        raise ValidationError(errors)
    obj = CraftTransplant(village=village, craft=craft, year=year, project=project,
                          households_trained=households_trained, note=note.strip(),
                          created_by=actor if getattr(actor, "is_authenticated", False) else None)
    obj.full_clean()
    obj.save()
    ensure_scope(actor, can_edit_transplant(actor, obj), field="village")
    audit_record(actor=actor, obj=obj, action=AuditAction.CREATE, changes=diff({}, snapshot(obj)),
                 summary=_("Cấy nghề %(craft)s vào %(village)s") % {"craft": craft, "village": village})
    if not has_craft:
        before = ", ".join(c.name for c in village.crafts.all())
        village.crafts.add(craft)
        after = ", ".join(c.name for c in village.crafts.all())
        audit_record(actor=actor, obj=village, action=AuditAction.UPDATE, changes={"crafts": [before, after]},
                     summary=_("Thêm nghề %(craft)s (cấy nghề năm %(year)d)") % {"craft": craft, "year": year})
    return obj


@transaction.atomic
def transplant_check_add(*, actor, transplant: CraftTransplant, year: int, still_practising: bool,
                         craft_households: int | None = None, note: str = "") -> TransplantCheck:
    transplant = CraftTransplant.objects.select_for_update().get(pk=transplant.pk)
    _check_year(year, "year")
    if year < transplant.year:
        raise ValidationError({"year": _("Năm kiểm tra %(y)d trước năm cấy nghề (%(t)d).")
                               % {"y": year, "t": transplant.year}})
    if transplant.checks.filter(year=year).exists():
        raise ValidationError({"year": _("Đã có kết quả kiểm tra năm %(y)d.") % {"y": year}})
    if not still_practising and craft_households:
        raise ValidationError({"craft_households": _("Làng không còn duy trì nghề thì số hộ làm nghề phải để trống "
                                                     "hoặc bằng 0.")})
    obj = TransplantCheck(transplant=transplant, year=year, still_practising=still_practising,
                          craft_households=craft_households, note=note.strip())
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, obj=transplant, action=AuditAction.UPDATE,
                 changes={"check": [None, f"{year}: {_('còn duy trì') if still_practising else _('không duy trì')}"]},
                 summary=_("Kiểm tra duy trì nghề năm %(y)d") % {"y": year})
    return obj
