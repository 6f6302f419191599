"""The registry side of the public directory: consent to be listed (recorded with its date and who recorded it,
audited), village descriptions, product photos (real images only), the public selectors."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from khuyencong.core.audit import audit_history
from khuyencong.core.extensions import public_content_changed
from khuyencong.registry import selectors
from khuyencong.registry.models import Establishment, ProductPhoto
from khuyencong.registry.services import establishment_listing_set, product_create, product_photo_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_upload(name="anh.png", fmt="PNG", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue())


def test_consent_records_when_and_who_and_audits(staff, make_est):
    est = make_est("Cơ sở Mây tre A")
    before = timezone.now()
    saved = establishment_listing_set(actor=staff, establishment=est, public_listing=True,
                                      public_address="  Thôn Phú Vinh ", public_phone="0243 555 666")
    assert saved.public_listing and saved.public_listing_by == staff and saved.public_listing_at >= before
    assert saved.public_address == "Thôn Phú Vinh"
    entry = audit_history(saved).first()
    assert entry.actor == staff and "Ghi nhận đồng ý công khai" in entry.summary
    assert set(entry.changes) >= {"public_listing", "public_listing_at", "public_listing_by", "public_phone"}
    # changing the phone keeps the date of the consent
    first_at = saved.public_listing_at
    again = establishment_listing_set(actor=staff, establishment=est, public_listing=True,
                                      public_address="Thôn Phú Vinh", public_phone="0243 555 777")
    assert again.public_listing_at == first_at and again.public_phone == "0243 555 777"
    # withdrawing clears everything that was public
    gone = establishment_listing_set(actor=staff, establishment=est, public_listing=False,
                                     public_address="ignored", public_phone="0243 555 777")
    assert (gone.public_listing, gone.public_listing_at, gone.public_listing_by, gone.public_address,
            gone.public_phone) == (False, None, None, "", "")
    assert "Rút đồng ý công khai" in audit_history(gone).first().summary


def test_consent_refuses_a_bad_phone_and_stores_nothing(staff, make_est):
    est = make_est()
    with pytest.raises(ValidationError) as exc:
        establishment_listing_set(actor=staff, establishment=est, public_listing=True, public_phone="gọi tôi")
    assert "Số điện thoại “gọi tôi” không hợp lệ" in exc.value.message_dict["public_phone"][0]
    assert not Establishment.objects.get(pk=est.pk).public_listing


def test_consent_outside_the_officers_units_is_refused(make_user, make_est):
    est = make_est(commune=("current", "00004"))
    officer = make_user("phunghia", role="local_officer", unit="10030")
    with pytest.raises(ValidationError):
        establishment_listing_set(actor=officer, establishment=est, public_listing=True)
    assert not Establishment.objects.get(pk=est.pk).public_listing


def test_consent_form_on_the_establishment_page(client, make_user, make_est):
    staff = make_user("canbo2", role="centre_staff", unit="01", full_name="Nguyễn Thị Lan")
    est = make_est("Cơ sở Mây tre B")
    client.force_login(staff)
    url = reverse("registry:establishment_detail", kwargs={"pk": est.pk})
    assert "chưa đồng ý được nêu tên" in client.get(url).content.decode()
    bad = client.post(reverse("registry:establishment_listing", kwargs={"pk": est.pk}),
                      {"public_listing": "on", "public_phone": "12"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()
    assert not Establishment.objects.get(pk=est.pk).public_listing
    response = client.post(reverse("registry:establishment_listing", kwargs={"pk": est.pk}),
                           {"public_listing": "on", "public_address": "Thôn B", "public_phone": "0912 345 678"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Đồng ý công khai từ {today}, do Nguyễn Thị Lan ghi nhận." in page


def test_photo_upload_checks_the_content(staff, make_est):
    product = product_create(actor=staff, name="Khay mây", establishment=make_est())
    photo = product_photo_add(actor=staff, product=product, upload=png_upload(), alt="Khay mây", caption="")
    assert (photo.file_type, photo.width, photo.height) == ("png", 40, 30)
    assert photo.file.name.endswith(".png") and "anh" not in photo.file.name
    fake = SimpleUploadedFile("anh.png", b"khong phai anh")
    with pytest.raises(ValidationError) as exc:
        product_photo_add(actor=staff, product=product, upload=fake, alt="")
    errors = exc.value.message_dict
    assert "không phải ảnh JPEG, PNG hoặc WebP" in errors["file"][0] and "Cần mô tả ảnh" in errors["alt"][0]
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, format="GIF")
    with pytest.raises(ValidationError) as exc:
        product_photo_add(actor=staff, product=product, upload=SimpleUploadedFile("a.gif", gif.getvalue()), alt="a")
    assert "chỉ nhận JPEG, PNG hoặc WebP" in exc.value.message_dict["file"][0]
    assert ProductPhoto.objects.count() == 1


def test_photo_upload_page(client, staff, make_est):
    product = product_create(actor=staff, name="Khay mây", establishment=make_est())
    client.force_login(staff)
    url = reverse("registry:product_photo_upload", kwargs={"pk": product.pk})
    bad = client.post(url, {"file": SimpleUploadedFile("a.jpg", b"GIF89a..."), "alt": "Ảnh"})
    assert bad.status_code == 200 and "không phải ảnh JPEG, PNG hoặc WebP" in bad.content.decode()
    assert client.post(url, {"file": png_upload(), "alt": "Khay mây"}).status_code == 302
    photo = ProductPhoto.objects.get()
    detail = client.get(reverse("registry:product_detail", kwargs={"pk": product.pk})).content.decode()
    src = reverse("registry:product_photo", kwargs={"pk": product.pk, "photo_id": photo.pk})
    assert src in detail and 'alt="Khay mây"' in detail
    assert client.get(src)["Content-Type"] == "image/png"


def test_public_selectors(staff, make_est, make_village):
    village = make_village("Làng nghề A", recognition="lang_nghe", recognition_year=2010, description="Giới thiệu")
    hidden = make_village("Làng B")
    assert list(selectors.public_villages()) == [village]
    listed, other = make_est("Cơ sở X", craft_village=village), make_est("Cơ sở Y", craft_village=village)
    make_est("Cơ sở Z", craft_village=hidden)
    establishment_listing_set(actor=staff, establishment=listed, public_listing=True, public_phone="0243 111 222")
    rows = selectors.listed_establishments_of(village)
    assert [(r.name, r.phone) for r in rows] == [("Cơ sở X", "0243 111 222")]
    product_create(actor=staff, name="Mẫu mới", establishment=other, is_new_design=True)
    product_create(actor=staff, name="Không công khai", establishment=other)
    shown = selectors.public_products_of(village)
    assert [(p.name, p.producer) for p in shown] == [("Mẫu mới", "")]


def test_registry_writes_announce_public_changes(staff, make_village, django_capture_on_commit_callbacks):
    calls = []
    receiver = lambda: calls.append(1)  # noqa: E731
    public_content_changed.register(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            make_village("Làng C", recognition="lang_nghe", recognition_year=2010)
        assert calls == [1]
    finally:
        public_content_changed._receivers.remove(receiver)


def test_village_description_through_the_form(client, staff, make_village):
    village = make_village("Làng D", commune=("current", "10030"))
    client.force_login(staff)
    response = client.post(reverse("registry:village_edit", kwargs={"pk": village.pk}), {
        "code": village.code, "name": "Làng D", "commune_code": "10030", "commune_hierarchy": "current",
        "crafts": "Mây tre đan",
        "recognition": "lang_nghe", "recognition_year": "2012",
        "description": "  Dòng một   có  khoảng trắng.\n\n\n\nDòng hai. <b>đậm</b>"})
    assert response.status_code == 302, response.content.decode()[:3000]
    village.refresh_from_db()
    assert village.description == "Dòng một có khoảng trắng.\n\nDòng hai. <b>đậm</b>"
    page = client.get(reverse("registry:village_detail", kwargs={"pk": village.pk})).content.decode()
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page
