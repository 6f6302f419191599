"""Records for the public directory's tests: public ones, and private ones carrying distinctive values that must
never reach a public page (SECRETS)."""

import datetime
import io
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from khuyencong.geo.selectors import unit_get
from khuyencong.projects.services.projects import project_create
from khuyencong.registry.services import (
    certificate_add,
    craft_for_name,
    establishment_create,
    establishment_listing_set,
    product_create,
    product_photo_add,
    village_create,
    village_year_upsert,
)
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import roster_paste

TAX_CODE = "0109999999"
WORKERS = 4321
REVENUE = 987_654_321
VILLAGE_WORKERS = 98_765
PRODUCTION_VALUE = 123_456_789_012
FUNDS = 555_444_333
TRAINEE_NAME = "Trần Thị Bảo Mật"
TRAINEE_ID = "001234567889"
HIDDEN_ESTABLISHMENT = "Hộ kinh doanh Kín Tiếng"
HIDDEN_ADDRESS = "Số 9 ngõ Riêng Tư"
UNRECOGNISED_VILLAGE = "Làng Chưa Công Nhận Xyz"
PRIVATE_PRODUCT = "Giỏ mây Không Công Khai"
PROJECT_TITLE = "Đề án Bí Mật Kinh Phí"

# Every string that must never appear on a public page (numbers raw and as the formatters print them).
SECRETS = [
    TAX_CODE, str(WORKERS), "4.321", str(REVENUE), "987.654.321", str(VILLAGE_WORKERS), "98.765",
    str(PRODUCTION_VALUE), "123.456.789.012", "123,5 tỷ", str(FUNDS), "555.444.333", TRAINEE_NAME, TRAINEE_ID,
    HIDDEN_ESTABLISHMENT, HIDDEN_ADDRESS, UNRECOGNISED_VILLAGE, PRIVATE_PRODUCT, PROJECT_TITLE,
]


def png(colour=(200, 80, 40), size=(60, 40)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")


def build(staff) -> SimpleNamespace:
    """Villages: a traditional one in an old commune (Phú Nghĩa, old district Chương Mỹ), a recognised one in
    another old district (Vạn Phúc, Hà Đông), one recorded under today's Xã Phú Nghĩa, and an unrecognised one;
    establishments listed and not; products public (new design, OCOP) and not, with photos."""
    old_phu_nghia, van_phuc = unit_get(code="10033", hierarchy="legacy"), unit_get(code="09544", hierarchy="legacy")
    new_phu_nghia = unit_get(code="10030")
    w = SimpleNamespace(staff=staff)
    w.phu_vinh = village_create(
        actor=staff, code="LN-PHUVINH", name="Làng mây tre đan Phú Vinh", commune=old_phu_nghia,
        crafts=["Mây tre đan"], recognition="lang_nghe_truyen_thong", recognition_year=2002,
        recognition_decision="QĐ 123/QĐ-UBND", description="Làng có nghề mây tre đan từ thế kỷ XVII.\n\nSản phẩm "
        "xuất khẩu đi nhiều nước.")
    w.van_phuc = village_create(
        actor=staff, code="LN-VANPHUC", name="Làng lụa Vạn Phúc", commune=van_phuc, crafts=["Dệt lụa"],
        recognition="lang_nghe_truyen_thong", recognition_year=2001)
    w.non_la = village_create(
        actor=staff, code="LN-NONLA", name="Làng nghề nón lá Phú Nghĩa", commune=new_phu_nghia,
        crafts=["Làm nón"], recognition="lang_nghe", recognition_year=2025)
    w.hidden_village = village_create(actor=staff, code="LN-AN", name=UNRECOGNISED_VILLAGE, commune=old_phu_nghia,
                                      crafts=["Mây tre đan"])
    village_year_upsert(actor=staff, village=w.phu_vinh, year=2024, households=500, craft_households=300,
                        workers=VILLAGE_WORKERS, production_value=PRODUCTION_VALUE)

    w.listed = establishment_create(
        actor=staff, code="CS-LISTED", name="Hợp tác xã Mây tre Phú Vinh", kind="HTX", commune=old_phu_nghia,
        craft_village=w.phu_vinh, tax_code=TAX_CODE, workers=WORKERS, revenue=REVENUE,
        address="Đội 5 thôn Phú Vinh")
    establishment_listing_set(actor=staff, establishment=w.listed, public_listing=True,
                              public_address="Thôn Phú Vinh, xã Phú Nghĩa", public_phone="0243 555 666")
    w.hidden = establishment_create(
        actor=staff, code="CS-HIDDEN", name=HIDDEN_ESTABLISHMENT, kind="HKD", commune=old_phu_nghia,
        craft_village=w.phu_vinh, address=HIDDEN_ADDRESS, workers=12)
    w.other_village_est = establishment_create(
        actor=staff, code="CS-AN", name="Cơ sở của làng chưa công nhận", kind="HKD", commune=old_phu_nghia,
        craft_village=w.hidden_village)

    w.tray = product_create(actor=staff, code="SP-KHAY", name="Khay mây đan hoa văn", establishment=w.listed,
                            is_new_design=True, design_date=datetime.date(2023, 5, 4))
    w.basket = product_create(actor=staff, code="SP-LANG", name="Lẵng hoa mây tre", establishment=w.hidden)
    certificate_add(actor=staff, product=w.basket, kind="ocop", year=2023, stars=4, decision="QĐ 77/QĐ-UBND")
    w.private_product = product_create(actor=staff, code="SP-KIN", name=PRIVATE_PRODUCT, establishment=w.listed)
    w.unrecognised_product = product_create(actor=staff, code="SP-AN", name="Sản phẩm làng chưa công nhận",
                                            establishment=w.other_village_est, is_new_design=True)
    w.tray_photo = product_photo_add(actor=staff, product=w.tray, upload=png(), alt="Khay mây nhìn từ trên",
                                     caption="Khay mây đan hoa văn chữ thọ")
    w.private_photo = product_photo_add(actor=staff, product=w.private_product, upload=png((0, 0, 200)),
                                        alt="Ảnh sản phẩm không công khai")
    w.unrecognised_photo = product_photo_add(actor=staff, product=w.unrecognised_product, upload=png((0, 200, 0)),
                                             alt="Ảnh sản phẩm của làng chưa công nhận")

    w.project = project_create(actor=staff, beneficiaries=[w.listed], data={
        "code": "DA-BIMAT", "title": PROJECT_TITLE, "activity": "training", "funding_source": "local",
        "plan_year": 2025, "commune": new_phu_nghia, "no_other_support": True, "requested_funds": FUNDS})
    cls = class_create(actor=staff, code="LOP-BIMAT", kind="truyen_nghe", craft=craft_for_name("Mây tre đan"),
                       commune=new_phu_nghia, village=w.non_la, start_date=datetime.date(2024, 3, 1),
                       end_date=datetime.date(2024, 6, 30))
    w.trainee = roster_paste(actor=staff, training_class=cls,
                             text=f"{TRAINEE_NAME}; 1990; Nữ; {TRAINEE_ID}").trainees[0]
    return w
