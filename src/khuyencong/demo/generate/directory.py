"""The demo's public directory: short descriptions of the recognised villages (from their name, crafts and year,
no random draw, so the other generators' draws stay as they were), consent to be listed for a handful of
establishments of the best-known villages, and a few product photos drawn with Pillow (a coloured tile with the
product's name), written through the registry services."""

import io
import unicodedata
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from khuyencong.registry.models import Establishment
from khuyencong.registry.selectors import public_products
from khuyencong.registry.services import certificate_add, establishment_listing_set, product_photo_add

LISTED_PER_VILLAGE = 2
PHOTOS = 16
PALETTE = [(11, 83, 148), (179, 38, 30), (56, 118, 29), (191, 144, 0), (103, 78, 167), (19, 79, 92)]


def describe(name: str, crafts: str, recognition: str, year) -> str:
    """Two sentences about a recognised village; "" for the others."""
    if recognition == "none" or not year:
        return ""
    kind = "làng nghề truyền thống" if recognition == "lang_nghe_truyen_thong" else "làng nghề"
    craft_names = [c.strip().lower() for c in crafts.split(";") if c.strip()]
    return (f"{name} được Ủy ban nhân dân thành phố công nhận là {kind} năm {year}. "
            f"Nghề chính của làng: {', '.join(craft_names)}; nhiều hộ vừa sản xuất vừa bán sản phẩm tại nhà, "
            "đón khách tham quan và nhận đặt hàng theo mẫu.")


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


# Debian's Noto Sans (fonts-noto-core) writes Vietnamese; without it, Pillow's own font, which lacks the
# diacritics, writes the name without them.
NOTO_SANS = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


def _font_and_text(text: str):
    if NOTO_SANS.exists():
        return ImageFont.truetype(str(NOTO_SANS), 26), text
    return ImageFont.load_default(size=26), _ascii(text)


def tile(text: str, index: int, size: tuple[int, int] = (480, 320)) -> bytes:
    """A PNG: a coloured tile with a woven pattern and the product's name."""
    colour = PALETTE[index % len(PALETTE)]
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 60) for c in colour)
    for x in range(-size[1], size[0], 24):
        draw.line([(x, 0), (x + size[1], size[1])], fill=light, width=6)
    draw.rectangle([(20, size[1] - 110), (size[0] - 20, size[1] - 20)], fill=(255, 255, 255))
    font, text = _font_and_text(text)
    words, lines = text.split(), [""]
    for word in words:
        if len(lines[-1]) + len(word) > 28:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    draw.multiline_text((36, size[1] - 100), "\n".join(lines[:2]), fill=colour, font=font, spacing=8)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def decorate(*, actor, village_codes: list[str]) -> dict:
    """Consent for the first establishments of each village in `village_codes`, photos of their first public
    products and an OCOP rating for every third of those; {"listed": n, "photos": m, "ocop": k}."""
    listed = 0
    for code in village_codes:
        for n, est in enumerate(Establishment.objects.filter(craft_village__code=code).order_by("code")
                                [:LISTED_PER_VILLAGE]):
            digits = "".join(ch for ch in est.code if ch.isdigit()).zfill(6)[-6:]
            establishment_listing_set(actor=actor, establishment=est, public_listing=True,
                                      public_address=est.address or est.craft_village.name,
                                      public_phone=f"0243 {digits[:3]} {digits[3:]}" if n == 0 else "")
            listed += 1
    photos = ocop = 0
    products = public_products().filter(establishment__craft_village__code__in=village_codes).order_by("code")
    for index, product in enumerate(products[:PHOTOS]):
        upload = SimpleUploadedFile(f"{product.code}.png", tile(product.name, index), content_type="image/png")
        product_photo_add(actor=actor, product=product, upload=upload, alt=f"Ảnh minh hoạ: {product.name}")
        photos += 1
        if index % 3 == 0:
            certificate_add(actor=actor, product=product, kind="ocop", year=2020 + index % 5, stars=3 + index % 2,
                            decision=f"QĐ {1200 + index}/QĐ-UBND")
            ocop += 1
    return {"listed": listed, "photos": photos, "ocop": ocop}
