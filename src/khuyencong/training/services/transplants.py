"""Writes for craft transplants (cấy nghề) and their yearly checks; atomic and audited like `services.py`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.registry.models import Craft, CraftVillage, Recognition
from khuyencong.training.models import CraftTransplant, TransplantCheck
from khuyencong.training.services.classes import _check_project, check_links

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


@transaction.atomic
def transplant_create(*, actor, village: CraftVillage, craft: Craft, year: int, project=None,
                      households_trained: int | None = None, note: str = "") -> CraftTransplant:
    """Record a craft brought to a village; the village then has that craft in the registry."""
    check_links(actor, village=village, project=project)
    village = CraftVillage.objects.select_for_update().get(pk=village.pk)
    has_craft = village.crafts.filter(pk=craft.pk).exists()
    problem = recognised_problem(village=village, craft_name=str(craft), has_craft=has_craft)
    if problem:
        raise ValidationError({"village": problem})
    _check_year(year, "year")
    _check_project(project)
    if CraftTransplant.objects.filter(village=village, craft=craft, year=year).exists():
        raise ValidationError({"year": _("Đã ghi nhận cấy nghề %(craft)s vào %(village)s năm %(year)d.")
                               % {"craft": craft, "village": village, "year": year}})
    obj = CraftTransplant(village=village, craft=craft, year=year, project=project,
                          households_trained=households_trained, note=note.strip(),
                          created_by=actor if getattr(actor, "is_authenticated", False) else None)
    obj.full_clean()
    obj.save()
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
