"""Writes to products and their certificates (typical product, OCOP)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from khuyencong.accounts.scoping import require_visible
from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot
from khuyencong.core.codes import code_allocate
from khuyencong.registry.derive import apply_derived
from khuyencong.registry.models import (
    CertificateKind,
    Establishment,
    OcopStarBand,
    Product,
    ProductCertificate,
    TypicalProductRule,
)
from khuyencong.registry.services.common import (
    check_unique_code,
    clean_text,
    created_changes,
    ensure_edit_scope,
    public_changed,
)

EDITABLE_FIELDS = ["code", "name", "establishment", "is_new_design", "design_date"]
# A product created without a code gets the next SP-000123.
CODE_PREFIX, CODE_WIDTH = "SP", 6


@transaction.atomic
def product_create(
    *, actor, name: str, establishment: Establishment, code: str = "", is_new_design: bool = False,
    design_date: datetime.date | None = None, audit_action: str = AuditAction.CREATE,
) -> Product:
    """Create a product; without a code it gets the next SP-000123."""
    code, name = clean_text(code), clean_text(name)
    require_visible(actor, [establishment], field="establishment", what=_("cơ sở"))
    if code:
        check_unique_code(Product, code, label=_("sản phẩm"))
    else:
        code = code_allocate(model=Product, prefix=CODE_PREFIX, width=CODE_WIDTH)
    product = Product(code=code, name=name, establishment=establishment, is_new_design=is_new_design,
                      design_date=design_date,
                      created_by=actor if getattr(actor, "is_authenticated", False) else None)
    apply_derived(product)
    product.full_clean()
    product.save()
    ensure_edit_scope(actor, product, field="establishment")
    audit_record(actor=actor, obj=product, action=audit_action, changes=created_changes(product, EDITABLE_FIELDS),
                 summary=_("Thêm sản phẩm %(code)s") % {"code": product.code})
    public_changed()
    return product


@transaction.atomic
def product_update(*, actor, product: Product, audit_action: str = AuditAction.UPDATE, **changes) -> Product:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"product_update: unknown fields {sorted(unknown)}")
    product = Product.objects.select_for_update().get(pk=product.pk)
    ensure_edit_scope(actor, product, field="establishment")
    before = snapshot(product, EDITABLE_FIELDS)
    if changes.get("establishment") is not None and changes["establishment"].pk != product.establishment_id:
        require_visible(actor, [changes["establishment"]], field="establishment", what=_("cơ sở"))
    for text_field in ("code", "name"):
        if text_field in changes:
            changes[text_field] = clean_text(changes[text_field])
    if not changes.get("code", product.code):
        changes.pop("code")  # an emptied code keeps the product's own
    if "code" in changes:
        check_unique_code(Product, changes["code"], exclude_pk=product.pk, label=_("sản phẩm"))
    for field, value in changes.items():
        setattr(product, field, value)
    apply_derived(product)
    product.full_clean()
    product.save()
    ensure_edit_scope(actor, product, field="establishment")
    changed = diff(before, snapshot(product, EDITABLE_FIELDS))
    if changed:
        audit_record(actor=actor, obj=product, action=audit_action, changes=changed,
                     summary=_("Sửa sản phẩm %(code)s") % {"code": product.code})
        public_changed()
    return product


def _in_force(qs, year: int):
    """Rules in force at some point of `year`, the most recent first."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end),
                     Q(valid_to__isnull=True) | Q(valid_to__gte=start)).order_by("-valid_from", "-pk")


def typical_rule_for(year: int) -> TypicalProductRule | None:
    return _in_force(TypicalProductRule.objects.all(), year).first()


def ocop_stars_for(score: Decimal, year: int) -> int | None:
    bands = list(_in_force(OcopStarBand.objects.all(), year))
    for band in bands:
        if band.min_score <= score <= band.max_score:
            return band.stars
    # Between two bands' bounds (89.995): the highest band whose lower bound it reaches.
    reached = [b.stars for b in bands if score >= b.min_score]
    return max(reached) if reached else None


@transaction.atomic
def certificate_add(
    *, actor, product: Product, kind: str, year: int, level: str = "", score: Decimal | None = None,
    stars: int | None = None, decision: str = "",
) -> ProductCertificate:
    """Record a typical-product certificate (valid to 31/12 of the rule's N-th year, counting the year of
    issue as the first) or an OCOP rating (stars from the score bands in force that year)."""
    ensure_edit_scope(actor, product, field="product")
    score = Decimal(str(score)) if score is not None else None
    valid_until = None
    if kind == CertificateKind.TYPICAL:
        if not level:
            raise ValidationError({"level": _("Sản phẩm CNNT tiêu biểu cần có cấp công nhận.")})
        if score is None:
            raise ValidationError({"score": _("Cần nhập điểm bình chọn.")})
        rule = typical_rule_for(year)
        if rule is None:
            raise ValidationError(
                {"year": _("Chưa có quy định về sản phẩm CNNT tiêu biểu cho năm %(y)s.") % {"y": year}})
        if score < rule.min_score:
            raise ValidationError({"score": _(
                "Điểm %(s)s thấp hơn mức tối thiểu %(m)s điểm (%(basis)s): không được công nhận."
            ) % {"s": score, "m": rule.min_score, "basis": rule.legal_basis}})
        valid_until = datetime.date(year + rule.valid_years - 1, 12, 31)
        stars = None
    elif kind == CertificateKind.OCOP:
        if score is not None:
            banded = ocop_stars_for(score, year)
            if banded is None:
                raise ValidationError({"score": _("Không có khung sao OCOP nào cho điểm %(s)s năm %(y)s.")
                                       % {"s": score, "y": year}})
            if stars is not None and stars != banded:
                raise ValidationError({"stars": _("Điểm %(s)s ứng với %(b)s sao, không phải %(n)s sao.")
                                       % {"s": score, "b": banded, "n": stars}})
            stars = banded
        if stars is None:
            raise ValidationError({"score": _("Cần nhập điểm hoặc số sao OCOP.")})
    else:
        raise ValidationError({"kind": _("Loại chứng nhận không hợp lệ.")})
    cert = ProductCertificate(product=product, kind=kind, level=level, year=year, score=score, stars=stars,
                              valid_until=valid_until, decision=clean_text(decision))
    cert.full_clean()
    cert.save()
    audit_record(actor=actor, obj=product, action=AuditAction.UPDATE,
                 changes={"certificate": [None, f"{cert.get_kind_display()} {year}"
                                          + (f" {cert.get_level_display()}" if level else "")
                                          + (f" {stars}★" if stars else "")]},
                 summary=_("Thêm chứng nhận %(kind)s năm %(y)s") % {"kind": cert.get_kind_display(), "y": year})
    public_changed()
    return cert
