"""Every read of the registry that has rules: the user's scope, the list filters, search, the criteria check.

The filtered querysets (`establishment_list`, `village_list`, `product_list`) are what the pages show and
what an export writes, so both see exactly the same rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import get_visible_or_404, mark_visible, visible, visible_q
from khuyencong.core.formatting import format_number as vn_number
from khuyencong.core.text import fold
from khuyencong.geo.models import AdminUnit, Hierarchy
from khuyencong.geo.selectors import placed_in_q
from khuyencong.registry.models import (
    Craft,
    CraftVillage,
    CraftVillageYear,
    DuplicateFlag,
    DuplicateStatus,
    Establishment,
    Product,
    ProductCertificate,
    ProductPhoto,
    Recognition,
    VillageCriteria,
)

# Sort keys a user may choose: key → model field (with "-" for descending). Each has an index.
ESTABLISHMENT_SORTS = {"name": "name", "-name": "-name", "code": "code", "-code": "-code",
                       "workers": "workers", "-workers": "-workers"}
VILLAGE_SORTS = {"name": "name", "-name": "-name", "code": "code", "-code": "-code",
                 "recognition_year": "recognition_year", "-recognition_year": "-recognition_year"}
PRODUCT_SORTS = {"name": "name", "-name": "-name", "code": "code", "-code": "-code"}


def _search(qs: QuerySet, text: str | None) -> QuerySet:
    """Every word must appear in the folded name: "lang nghe van phuc" finds "Làng nghề Vạn Phúc"."""
    for word in fold(text).split()[:6]:
        qs = qs.filter(search_name__contains=word)
    return qs


def _unit(filters: dict, model) -> Q | None:
    unit = filters.get("unit")
    return placed_in_q(model, unit) if isinstance(unit, AdminUnit) else None


def establishment_list(*, user, filters: dict | None = None) -> QuerySet[Establishment]:
    """Establishments the user may see, filtered. Filters: unit (AdminUnit, either hierarchy), kind,
    sector (code), craft (Craft pk), recognition (of its village), polluting (bool), village (pk), unplaced
    (bool: an old commune split and no current commune chosen yet), q (search)."""
    filters = filters or {}
    qs = visible(Establishment, user)
    if (where := _unit(filters, Establishment)) is not None:
        qs = qs.filter(where)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("sector"):
        qs = qs.filter(sector__code=filters["sector"])
    if filters.get("craft"):
        qs = qs.filter(craft_village__crafts=filters["craft"])
    if filters.get("recognition"):
        qs = qs.filter(craft_village__recognition=filters["recognition"])
    if filters.get("polluting") is not None:
        qs = qs.filter(polluting=filters["polluting"])
    if filters.get("village"):
        qs = qs.filter(craft_village=filters["village"])
    if filters.get("unplaced"):
        qs = qs.filter(current_commune__isnull=True)
    qs = _search(qs, filters.get("q"))
    return qs.select_related("commune", "current_commune", "sector", "craft_village")


def village_list(*, user, filters: dict | None = None) -> QuerySet[CraftVillage]:
    """Villages the user may see. Filters: unit, craft (Craft pk), recognition, unplaced, q."""
    filters = filters or {}
    qs = visible(CraftVillage, user)
    if (where := _unit(filters, CraftVillage)) is not None:
        qs = qs.filter(where)
    if filters.get("craft"):
        qs = qs.filter(crafts=filters["craft"])
    if filters.get("recognition"):
        qs = qs.filter(recognition=filters["recognition"])
    if filters.get("unplaced"):
        qs = qs.filter(current_commune__isnull=True)
    qs = _search(qs, filters.get("q"))
    return qs.select_related("commune", "current_commune").prefetch_related("crafts")


def village_year_list(*, user, filters: dict | None = None) -> QuerySet[CraftVillageYear]:
    """The yearly statistics of the villages that `village_list` shows for these filters."""
    villages = village_list(user=user, filters=filters).prefetch_related(None).select_related(None)
    return CraftVillageYear.objects.filter(village__in=villages.values("pk")).select_related("village")


def product_list(*, user, filters: dict | None = None) -> QuerySet[Product]:
    """Products scoped and placed by their establishment's commune. Filters: unit, kind, sector, craft,
    new_design (bool), establishment (pk), q."""
    filters = filters or {}
    qs = visible(Product, user)
    if (where := _unit(filters, Product)) is not None:
        qs = qs.filter(where)
    if filters.get("kind"):
        qs = qs.filter(establishment__kind=filters["kind"])
    if filters.get("sector"):
        qs = qs.filter(establishment__sector__code=filters["sector"])
    if filters.get("craft"):
        qs = qs.filter(establishment__craft_village__crafts=filters["craft"])
    if filters.get("new_design") is not None:
        qs = qs.filter(is_new_design=filters["new_design"])
    if filters.get("establishment"):
        qs = qs.filter(establishment=filters["establishment"])
    qs = _search(qs, filters.get("q"))
    return qs.select_related("establishment", "establishment__commune")


def establishment_get(*, user, pk: int) -> Establishment:
    est = get_visible_or_404(
        Establishment.objects.select_related("commune", "current_commune", "sector", "craft_village"), user, pk=pk
    )
    mark_visible(user, [est.craft_village])  # a village of another commune is named, not linked
    return est


def village_get(*, user, pk: int) -> CraftVillage:
    return get_visible_or_404(CraftVillage.objects.select_related("commune", "current_commune"), user, pk=pk)


def product_get(*, user, pk: int) -> Product:
    return get_visible_or_404(Product.objects.select_related("establishment", "establishment__commune"), user, pk=pk)


# --- look-ups by code: a code outside the user's scope is found exactly as often as one that does not exist ----

def _codes(codes) -> list[str]:
    return list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))


def establishments_by_codes(*, user, codes, roles=None) -> tuple[list[Establishment], list[str]]:
    """The establishments with these codes that `user` may see, in the order given, and the codes not found
    (unknown and out of scope alike: core.codes.unknown_code names them)."""
    codes = _codes(codes)
    found = {e.code: e for e in visible(Establishment, user, roles=roles).filter(code__in=codes)}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def establishment_by_code(*, user, code: str, roles=None) -> Establishment | None:
    found, _missing = establishments_by_codes(user=user, codes=[code or ""], roles=roles)
    return found[0] if found else None


def village_by_code(*, user, code: str, roles=None) -> CraftVillage | None:
    code = (code or "").strip()
    return visible(CraftVillage, user, roles=roles).filter(code=code).first() if code else None


def duplicate_flags_open(*, user) -> QuerySet[DuplicateFlag]:
    """Open pairs where both records are in the user's scope."""
    qs = DuplicateFlag.objects.filter(status=DuplicateStatus.OPEN)
    for side in ("first", "second"):  # a join per side, not the list of every visible establishment
        condition = visible_q(Establishment, user, through=side)
        if condition is not None:
            qs = qs.filter(condition)
    return qs.select_related("first", "second", "first__commune", "second__commune")


def duplicate_flag_get(*, user, pk: int) -> DuplicateFlag:
    flag = duplicate_flags_open(user=user).filter(pk=pk).first()
    if flag is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    return flag


# --- ND 52/2018 criteria -----------------------------------------------------------------------------------

def criteria_in_force(on: datetime.date) -> VillageCriteria | None:
    return (VillageCriteria.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                                           Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-valid_from", "-pk").first())


@dataclass
class YearCheck:
    year: int
    share: Decimal | None
    share_ok: bool
    producing: bool


@dataclass
class CriteriaCheck:
    criteria: VillageCriteria | None
    years: list[YearCheck] = field(default_factory=list)
    met: bool = False
    reasons: list[str] = field(default_factory=list)


def village_criteria_check(village: CraftVillage, *, on: datetime.date | None = None) -> CriteriaCheck:
    """Do the village's last N recorded years (N from the criteria row in force) meet the ND 52/2018
    thresholds: share of households in the craft ≥ the minimum each year, production (a production
    value or workers) in each of N consecutive years?"""
    on = on or timezone.localdate()
    criteria = criteria_in_force(on)
    check = CriteriaCheck(criteria=criteria)
    if criteria is None:
        check.reasons.append(_("Chưa có tiêu chí làng nghề đang có hiệu lực."))
        return check
    need = criteria.min_stable_years
    rows = list(CraftVillageYear.objects.filter(village=village).order_by("-year")[:need])
    rows.reverse()
    for row in rows:
        share = None
        if row.households and row.craft_households is not None:
            share = (Decimal(row.craft_households) * 100 / Decimal(row.households)).quantize(Decimal("0.1"))
        producing = bool(row.production_value) or bool(row.workers)
        check.years.append(YearCheck(row.year, share, share is not None and share >= criteria.min_craft_household_share,
                                     producing))
    if len(rows) < need:
        check.reasons.append(_("Cần số liệu của %(n)s năm liên tiếp; mới có %(k)s năm.") % {"n": need, "k": len(rows)})
    elif rows[-1].year - rows[0].year != need - 1:
        check.reasons.append(_("Các năm có số liệu (%(years)s) không liên tiếp.")
                             % {"years": ", ".join(str(r.year) for r in rows)})
    for y in check.years:
        if y.share is None:
            check.reasons.append(_("Năm %(y)s thiếu số hộ hoặc số hộ làm nghề.") % {"y": y.year})
        elif not y.share_ok:
            check.reasons.append(_("Năm %(y)s: %(s)s%% hộ làm nghề, dưới mức %(m)s%%.")
                                 % {"y": y.year, "s": vn_number(y.share, 1),
                                    "m": vn_number(criteria.min_craft_household_share)})
        if not y.producing:
            check.reasons.append(_("Năm %(y)s không có giá trị sản xuất hay lao động.") % {"y": y.year})
    check.met = not check.reasons
    return check


def village_chart(years) -> dict:
    """Bars for a small inline SVG of production value by year (drawn by the template, no JS)."""
    rows = [y for y in years if y.production_value is not None]
    width, height, pad = 420, 160, 24
    if not rows:
        return {"bars": [], "width": width, "height": height}
    top = max(r.production_value for r in rows) or 1
    slot = (width - pad) / len(rows)
    bars = []
    for i, r in enumerate(rows):
        h = round((height - 2 * pad) * r.production_value / top, 1)
        bars.append({"x": round(pad + i * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1),
                     "y": round(height - pad - h, 1), "h": h, "year": r.year, "value": r.production_value,
                     "cx": round(pad + i * slot + slot / 2, 1)})
    return {"bars": bars, "width": width, "height": height, "base": height - pad}


# --- the public directory (read by the portal; nothing here takes a user) ----------------------------------------
#
# What the public may see, and nothing else:
# - villages recognised as "Làng nghề" or "Làng nghề truyền thống" (a "làng có nghề" not yet recognised is an
#   officer's working record, not a public fact); never their yearly statistics;
# - products of establishments in such a village that have a typical-product or OCOP certificate or are a new
#   design (what the programme publishes as results); the producer named only when it agreed to be listed;
# - establishments that agreed to be listed (`public_listing`), with their name, sector, village and the address
#   and phone they agreed to publish: never the tax code, workers, revenue or support received.

PUBLIC_RECOGNITIONS = (Recognition.LANG_NGHE, Recognition.TRADITIONAL)
PUBLIC_PRODUCTS_PER_VILLAGE = 120
LISTED_PER_VILLAGE = 300


def public_villages(*, craft=None, unit: AdminUnit | None = None, recognition: str | None = None,
                    q: str | None = None) -> QuerySet[CraftVillage]:
    """Recognised villages, by name; filters: craft (Craft or pk), unit (either hierarchy), recognition, q."""
    qs = CraftVillage.objects.filter(recognition__in=PUBLIC_RECOGNITIONS)
    if isinstance(unit, AdminUnit):
        qs = qs.filter(placed_in_q(CraftVillage, unit))
    if craft:
        qs = qs.filter(crafts=craft)
    if recognition:
        qs = qs.filter(recognition=recognition) if recognition in PUBLIC_RECOGNITIONS else qs.none()
    qs = _search(qs, q)
    return (qs.select_related("commune", "commune__district", "current_commune", "current_commune__province")
            .prefetch_related("crafts").order_by("name", "pk"))


def public_village(code: str) -> CraftVillage:
    village = public_villages().filter(code=code).first()
    if village is None:
        raise Http404(_("Không tìm thấy làng nghề này trong danh bạ."))
    return village


def public_village_units() -> dict[str, list[AdminUnit]]:
    """The units a visitor may filter the directory by: today's communes and the old districts that hold
    recognised villages (a few hundred at most)."""
    villages = CraftVillage.objects.filter(recognition__in=PUBLIC_RECOGNITIONS)
    current = AdminUnit.objects.filter(pk__in=villages.values("current_commune")).order_by("search_name", "code")
    districts = AdminUnit.objects.filter(
        pk__in=villages.filter(commune__hierarchy=Hierarchy.LEGACY).values("commune__district")
    ).order_by("search_name", "code")
    return {"current": list(current), "legacy_districts": list(districts)}


def _public_product_q() -> Q:
    return Q(establishment__craft_village__recognition__in=PUBLIC_RECOGNITIONS) & (
        Q(is_new_design=True) | Exists(ProductCertificate.objects.filter(product=OuterRef("pk"))))


def public_products() -> QuerySet[Product]:
    return Product.objects.filter(_public_product_q())


@dataclass(frozen=True)
class PublicProduct:
    """What the directory shows of a product: no establishment object, so a template cannot reach its fields."""

    name: str
    is_new_design: bool
    design_date: datetime.date | None
    producer: str  # "" unless the establishment agreed to be listed
    certificates: list = field(default_factory=list)  # ProductCertificate rows: kind, level, year, stars, valid_until
    photos: list = field(default_factory=list)  # ProductPhoto rows


def public_products_of(village: CraftVillage) -> list[PublicProduct]:
    rows = (public_products().filter(establishment__craft_village=village)
            .select_related("establishment").only("name", "is_new_design", "design_date",
                                                   "establishment__name", "establishment__public_listing")
            .prefetch_related(Prefetch("certificates", ProductCertificate.objects.order_by("-year", "pk")),
                              Prefetch("photos", ProductPhoto.objects.order_by("uploaded_at", "pk")))
            .order_by("name", "pk")[:PUBLIC_PRODUCTS_PER_VILLAGE])
    return [PublicProduct(name=p.name, is_new_design=p.is_new_design, design_date=p.design_date,
                          producer=p.establishment.name if p.establishment.public_listing else "",
                          certificates=list(p.certificates.all()), photos=list(p.photos.all())) for p in rows]


@dataclass(frozen=True)
class ListedEstablishment:
    name: str
    kind: str  # the legal form's label (Hộ kinh doanh…)
    sector: str
    address: str
    phone: str


def listed_establishments_of(village: CraftVillage) -> list[ListedEstablishment]:
    """Establishments of the village that agreed to be listed: only the fields they agreed to publish."""
    rows = (Establishment.objects.filter(craft_village=village, public_listing=True)
            .select_related("sector").only("name", "kind", "public_address", "public_phone", "sector__code",
                                           "sector__name")
            .order_by("name", "pk")[:LISTED_PER_VILLAGE])
    return [ListedEstablishment(name=e.name, kind=e.get_kind_display(), sector=str(e.sector) if e.sector else "",
                                address=e.public_address, phone=e.public_phone) for e in rows]


def public_photo(pk: int) -> ProductPhoto:
    """A photo of a public product, or 404 (the photo of any other product is not found, as if it did not
    exist)."""
    photo = ProductPhoto.objects.filter(pk=pk, product__in=public_products().values("pk")).first()
    if photo is None:
        raise Http404(_("Không tìm thấy ảnh."))
    return photo


def public_crafts() -> QuerySet[Craft]:
    """The crafts of recognised villages, for the directory's filter."""
    return Craft.objects.filter(pk__in=CraftVillage.crafts.through.objects.filter(
        craftvillage__recognition__in=PUBLIC_RECOGNITIONS).values("craft")).order_by("folded_name")
