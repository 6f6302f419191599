"""Likely duplicates: find, flag, dismiss, merge. Never merged without a person deciding."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.derive import match_name
from khuyencong.registry.models import DuplicateFlag, DuplicateStatus, Establishment

# rapidfuzz ratio (0–100) of the normalised names at or above which two establishments of one commune
# are flagged. 85 catches a typo or a missing word ("Mây tre Phú Vinh" / "Mây tre đan Phú Vinh").
DUPLICATE_THRESHOLD = 85

# Fields that a merge copies from the removed record when the kept one has them empty.
MERGE_FILL_FIELDS = ["tax_code", "address", "sector", "craft_village", "workers", "revenue", "founded_year"]


@dataclass(frozen=True)
class DuplicateCandidate:
    establishment: Establishment
    score: int


def duplicates_find(
    *, name: str, commune: AdminUnit | None, current_commune: AdminUnit | None = None,
    exclude_pks=(), threshold: int = DUPLICATE_THRESHOLD, limit: int = 5,
) -> list[DuplicateCandidate]:
    """Establishments of the same commune whose normalised name is the same or very close.

    "The same commune" is the current commune when known (so an old record and a new one of one place
    meet), else the commune it was recorded under. Pairs already marked "not a duplicate" are still
    returned here; `duplicates_flag` skips them.
    """
    target = match_name(name)
    if not target or (commune is None and current_commune is None):
        return []
    where = Q(current_commune=current_commune) if current_commune is not None else Q(commune=commune)
    if commune is not None:
        where |= Q(commune=commune)
    rows = Establishment.objects.filter(where).exclude(pk__in=list(exclude_pks)).values_list("pk", "match_name")
    scored = []
    for pk, other in rows.iterator(chunk_size=2000):
        score = 100 if other == target else int(round(fuzz.ratio(target, other)))
        if score >= threshold:
            scored.append((score, pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    scored = scored[:limit]
    found = Establishment.objects.in_bulk([pk for _s, pk in scored])
    return [DuplicateCandidate(found[pk], score) for score, pk in scored if pk in found]


def duplicates_likely(*, name: str, commune: AdminUnit | None, current_commune: AdminUnit | None = None,
                      establishment: Establishment | None = None) -> list[DuplicateCandidate]:
    """Before saving (the form's check): the likely duplicates of a record about to be created or moved,
    leaving out the pairs already decided "not a duplicate"."""
    exclude = [establishment.pk] if establishment is not None else []
    found = duplicates_find(name=name, commune=commune, current_commune=current_commune, exclude_pks=exclude)
    if establishment is None or not found:
        return found
    decided = DuplicateFlag.objects.filter(Q(first=establishment) | Q(second=establishment),
                                           status=DuplicateStatus.NOT_DUPLICATE).values_list("first", "second")
    others = {pk for pair in decided for pk in pair} - {establishment.pk}
    return [c for c in found if c.establishment.pk not in others]


def _pair(a: Establishment | int, b: Establishment | int) -> tuple[int, int]:
    a_pk, b_pk = getattr(a, "pk", a), getattr(b, "pk", b)
    return (a_pk, b_pk) if a_pk < b_pk else (b_pk, a_pk)


def duplicates_flag(*, establishment: Establishment) -> list[DuplicateFlag]:
    """Flag the likely duplicates of a saved establishment; returns the open flags created or found."""
    flags = []
    for candidate in duplicates_find(
        name=establishment.name, commune=establishment.commune, current_commune=establishment.current_commune,
        exclude_pks=[establishment.pk],
    ):
        first, second = _pair(establishment, candidate.establishment)
        flag, _created = DuplicateFlag.objects.get_or_create(
            first_id=first, second_id=second, defaults={"score": candidate.score}
        )
        if flag.status == DuplicateStatus.OPEN:
            flags.append(flag)
    return flags


@transaction.atomic
def duplicate_dismiss(*, flag: DuplicateFlag, actor) -> DuplicateFlag:
    """Mark a pair "not a duplicate": it is not flagged again."""
    flag.status = DuplicateStatus.NOT_DUPLICATE
    flag.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["status", "resolved_by", "resolved_at"])
    for obj, other in ((flag.first, flag.second), (flag.second, flag.first)):
        audit_record(actor=actor, obj=obj, action=AuditAction.UPDATE,
                     summary=_("Xác nhận không trùng với “%(name)s” (mã %(code)s)") % {"name": other.name,
                                                                                     "code": other.code})
    return flag


def _repoint_relations(keep: Establishment, remove: Establishment) -> dict[str, int]:
    """Point every relation to `remove` at `keep`, found through the model's metadata, so relations added
    by later apps (a trainee's employer, …) are covered without changing this code."""
    moved = {}
    for rel in Establishment._meta.related_objects:
        model = rel.related_model
        if model is DuplicateFlag:
            continue
        if rel.many_to_many:
            through = rel.through
            own, other = rel.field.m2m_reverse_field_name(), rel.field.m2m_field_name()
            already = through._default_manager.filter(**{own: keep}).values(other)
            through._default_manager.filter(**{own: remove, f"{other}__in": already}).delete()
            count = through._default_manager.filter(**{own: remove}).update(**{own: keep})
        elif rel.one_to_one:
            if model._default_manager.filter(**{rel.field.name: keep}).exists() and \
                    model._default_manager.filter(**{rel.field.name: remove}).exists():
                raise ValidationError(_("Cả hai cơ sở đều có %(what)s: không gộp được tự động.")
                                      % {"what": model._meta.verbose_name})
            count = model._default_manager.filter(**{rel.field.name: remove}).update(**{rel.field.name: keep})
        else:
            count = model._default_manager.filter(**{rel.field.name: remove}).update(**{rel.field.name: keep})
        if count:
            moved[str(model._meta.verbose_name_plural)] = count
    return moved


def _repoint_flags(keep: Establishment, remove: Establishment) -> None:
    """Flags of the removed record move to the kept one; a pair that becomes keep~keep or repeats goes."""
    for flag in DuplicateFlag.objects.filter(Q(first=remove) | Q(second=remove)):
        other = flag.second_id if flag.first_id == remove.pk else flag.first_id
        if other == keep.pk:
            flag.delete()
            continue
        first, second = _pair(keep.pk, other)
        existing = DuplicateFlag.objects.filter(first_id=first, second_id=second).first()
        if existing is not None:
            # Keep the stronger statement: a "not a duplicate" decision survives the merge.
            if flag.status == DuplicateStatus.NOT_DUPLICATE and existing.status != flag.status:
                existing.status, existing.resolved_by, existing.resolved_at = (
                    flag.status, flag.resolved_by, flag.resolved_at)
                existing.save(update_fields=["status", "resolved_by", "resolved_at"])
            flag.delete()
        else:
            DuplicateFlag.objects.filter(pk=flag.pk).update(first_id=first, second_id=second)


@transaction.atomic
def establishment_merge(*, keep: Establishment, remove: Establishment, actor) -> Establishment:
    """Merge `remove` into `keep`: relations re-pointed, empty fields filled, history kept on both.

    The removed record's last state is written to its own history (a MERGE row naming the kept record),
    so its page history and code remain traceable in the audit log.
    """
    if keep.pk == remove.pk:
        raise ValidationError(_("Không thể gộp một cơ sở với chính nó."))
    keep = Establishment.objects.select_for_update().get(pk=keep.pk)
    remove = Establishment.objects.select_for_update().get(pk=remove.pk)
    before_keep, before_remove = snapshot(keep), snapshot(remove)

    moved = _repoint_relations(keep, remove)
    _repoint_flags(keep, remove)

    filled = {}
    for field in MERGE_FILL_FIELDS:
        if getattr(keep, field) in (None, "") and getattr(remove, field) not in (None, ""):
            filled[field] = getattr(remove, field)
    if "tax_code" in filled:
        Establishment.objects.filter(pk=remove.pk).update(tax_code=None)  # free the unique tax code
    for field, value in filled.items():
        setattr(keep, field, value)
    if filled:
        keep.full_clean()
        keep.save()

    moved_text = ", ".join(f"{what}: {n}" for what, n in moved.items()) or _("không có liên kết")
    audit_record(
        actor=actor, obj=remove, action=AuditAction.MERGE,
        changes={name: [value, None] for name, value in before_remove.items() if value not in (None, "")},
        summary=_("Gộp vào “%(name)s” (mã %(code)s)") % {"name": keep.name, "code": keep.code},
    )
    audit_record(
        actor=actor, obj=keep, action=AuditAction.MERGE, changes=diff(before_keep, snapshot(keep)),
        summary=_("Gộp “%(name)s” (mã %(code)s) vào; chuyển %(moved)s")
        % {"name": remove.name, "code": remove.code, "moved": moved_text},
    )
    remove.delete()
    return keep
