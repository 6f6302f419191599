import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.audit import audit_history
from khuyencong.core.models import AuditAction
from khuyencong.projects.models import Project
from khuyencong.registry.models import (
    CraftVillageYear,
    DuplicateFlag,
    DuplicateStatus,
    Establishment,
    OcopStarBand,
    Product,
    Sector,
    TypicalProductRule,
    VillageCriteria,
)
from khuyencong.registry.services import (
    DUPLICATE_THRESHOLD,
    certificate_add,
    duplicate_dismiss,
    duplicates_find,
    establishment_merge,
    establishment_update,
    product_create,
    village_year_upsert,
)
from tests.registry.conftest import unit

pytestmark = pytest.mark.django_db


def test_catalogues_are_seeded_with_their_legal_basis():
    assert set(Sector.objects.values_list("code", flat=True)) == {"a", "b", "c", "d", "đ", "e", "g"}
    assert Sector.objects.get(code="đ").name.startswith("Sản xuất sản phẩm thủ công mỹ nghệ")
    criteria = VillageCriteria.objects.get()
    assert criteria.min_craft_household_share == Decimal("20") and criteria.min_stable_years == 2
    assert "52/2018" in criteria.legal_basis
    rule = TypicalProductRule.objects.get()
    assert rule.min_score == 70 and rule.valid_years == 3 and "26/2014" in rule.legal_basis
    assert list(OcopStarBand.objects.values_list("stars", flat=True)) == [1, 2, 3, 4, 5]


def test_create_writes_an_audit_row_with_the_values(make_est, staff):
    est = make_est("Công ty TNHH Mây tre Hoà Bình", actor=staff, workers=12)
    entry = audit_history(est).get()
    assert entry.action == AuditAction.CREATE and entry.actor == staff
    assert entry.changes["name"] == [None, "Công ty TNHH Mây tre Hoà Bình"]
    assert entry.changes["workers"] == [None, 12]
    assert est.current_commune.code == "10030" and est.search_name == "cong ty tnhh may tre hoa binh"


def test_update_records_old_and_new(make_est, staff):
    est = make_est("Cơ sở A", workers=5)
    establishment_update(actor=staff, establishment=est, workers=9, name="Cơ sở A mới")
    entry = audit_history(est).first()
    assert entry.action == AuditAction.UPDATE
    assert entry.changes == {"workers": [5, 9], "name": ["Cơ sở A", "Cơ sở A mới"]}


def test_tax_code_is_unique_with_a_clear_message(make_est):
    make_est("Công ty Một", code="A1", tax_code="0101234567")
    with pytest.raises(ValidationError) as exc:
        make_est("Công ty Hai", code="A2", tax_code=" 0101234567 ")
    assert "đã được đăng ký cho cơ sở khác (mã cơ sở A1)" in exc.value.message_dict["tax_code"][0]
    assert not Establishment.objects.filter(code="A2").exists()
    # Empty tax codes never collide.
    make_est("Hộ Ba", code="A3", tax_code="")
    make_est("Hộ Bốn", code="A4", tax_code=None)


def test_malformed_tax_code_is_refused(make_est):
    with pytest.raises(ValidationError) as exc:
        make_est("Công ty Lạ", tax_code="12AB")
    assert "không hợp lệ" in exc.value.message_dict["tax_code"][0]


def test_duplicate_code_is_refused(make_est):
    make_est("Cơ sở X", code="DUP")
    with pytest.raises(ValidationError) as exc:
        make_est("Cơ sở Y", code="DUP")
    assert "đã được dùng" in exc.value.message_dict["code"][0]


def test_likely_duplicate_is_flagged_not_merged(make_est):
    first = make_est("HTX Mây tre đan Phú Vinh", commune=("legacy", "10033"))
    # Typed again, under today's commune and another legal form: the same place today.
    second = make_est("Hợp tác xã Mây tre đan Phú Vinh", commune=("current", "10030"))
    assert [f.first_id for f in second.duplicate_flags] == [first.pk]
    flag = DuplicateFlag.objects.get()
    assert flag.score == 100 and flag.status == DuplicateStatus.OPEN
    assert Establishment.objects.count() == 2


def test_close_name_flagged_far_name_and_other_commune_not(make_est):
    make_est("Mây tre đan Phú Vinh")
    near = make_est("Mây tre Phú Vinh")
    assert near.duplicate_flags and near.duplicate_flags[0].score >= DUPLICATE_THRESHOLD
    assert not make_est("Cơ khí Trường Yên").duplicate_flags
    assert not make_est("Mây tre đan Phú Vinh", commune=("legacy", "09544")).duplicate_flags  # Hà Đông


def test_duplicates_find_for_the_importer(make_est):
    est = make_est("Công ty TNHH Gốm Minh Hải", commune=("current", "00577"))
    found = duplicates_find(name="Gốm Minh Hải", commune=unit("current", "00577"))
    assert [(c.establishment, c.score) for c in found] == [(est, 100)]
    assert duplicates_find(name="Gốm Minh Hải", commune=unit("current", "00577"), exclude_pks=[est.pk]) == []


def test_not_a_duplicate_is_remembered(make_est, staff):
    a = make_est("Cơ sở gốm Hải Minh")
    make_est("Cơ sở gốm Hải Minh", code="OTHER")
    flag = DuplicateFlag.objects.get()
    duplicate_dismiss(flag=flag, actor=staff)
    establishment_update(actor=staff, establishment=a, name="Cơ sở gốm Hải Minh ")
    assert DuplicateFlag.objects.get().status == DuplicateStatus.NOT_DUPLICATE
    assert "không trùng" in audit_history(a).first().summary


def test_merge_repoints_every_relation_and_keeps_history(make_est, make_village, staff):
    village = make_village("Làng Phú Vinh")
    keep = make_est("HTX Mây tre đan Phú Vinh", tax_code=None)
    remove = make_est("Hợp tác xã Mây tre đan Phú Vinh", tax_code="0101000004", craft_village=village,
                      address="Thôn Phú Vinh")
    product = product_create(actor=staff, code="SP1", name="Giỏ mây", establishment=remove)
    both = Project.objects.create(code="DA-1", title="Đề án 1", activity="technology", funding_source="local",
                                  plan_year=2015)
    only_removed = Project.objects.create(code="DA-2", title="Đề án 2", activity="training",
                                          funding_source="local", plan_year=2015)
    both.beneficiaries.add(keep, remove)
    only_removed.beneficiaries.add(remove)
    removed_pk = remove.pk

    establishment_merge(keep=keep, remove=remove, actor=staff)

    keep.refresh_from_db()
    assert not Establishment.objects.filter(pk=removed_pk).exists()
    assert Product.objects.get(pk=product.pk).establishment == keep
    assert set(keep.projects.values_list("code", flat=True)) == {"DA-1", "DA-2"}
    assert both.beneficiaries.count() == 1
    assert keep.tax_code == "0101000004" and keep.craft_village == village and keep.address == "Thôn Phú Vinh"
    assert not DuplicateFlag.objects.exists()
    merge_row = audit_history(keep).first()
    assert merge_row.action == AuditAction.MERGE and "Hợp tác xã Mây tre đan Phú Vinh" in merge_row.summary
    assert merge_row.changes["tax_code"] == [None, "0101000004"]
    # The removed record's history stays readable under its old id, ending with the merge.
    from django.contrib.contenttypes.models import ContentType

    from khuyencong.core.models import AuditEntry

    rows = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Establishment),
                                     object_id=str(removed_pk))
    assert [r.action for r in rows] == [AuditAction.MERGE, AuditAction.CREATE]
    assert rows[0].changes["name"] == ["Hợp tác xã Mây tre đan Phú Vinh", None]


def test_merge_with_itself_is_refused(make_est, staff):
    a = make_est("Cơ sở A")
    with pytest.raises(ValidationError):
        establishment_merge(keep=a, remove=a, actor=staff)


def test_local_officer_cannot_place_a_record_outside_their_units(make_user, make_est):
    officer = make_user("phunghia", role="local_officer", unit="10030")
    make_est("Trong xã", actor=officer, commune=("legacy", "10033"))  # old Phú Nghĩa → new Phú Nghĩa
    with pytest.raises(ValidationError) as exc:
        make_est("Ngoài xã", actor=officer, commune=("current", "00577"))
    assert "ngoài địa bàn" in exc.value.message_dict["commune"][0]
    assert not Establishment.objects.filter(name="Ngoài xã").exists()


def test_village_coordinates_default_to_the_commune(make_village):
    village = make_village(commune=("legacy", "09544"))
    commune = unit("legacy", "09544")
    assert (village.latitude, village.longitude) == (commune.latitude, commune.longitude)
    own = make_village(latitude=Decimal("21.000001"), longitude=Decimal("105.800001"))
    assert own.latitude == Decimal("21.000001")


def test_village_year_upsert_and_bad_input(make_village, staff):
    village = make_village()
    village_year_upsert(actor=staff, village=village, year=2015, households=100, craft_households=30)
    village_year_upsert(actor=staff, village=village, year=2015, households=100, craft_households=40)
    assert CraftVillageYear.objects.get().craft_households == 40
    assert audit_history(village).first().changes == {"2015: craft_households": [30, 40]}
    with pytest.raises(ValidationError) as exc:
        village_year_upsert(actor=staff, village=village, year=2014, households=10, craft_households=20)
    assert "không được lớn hơn tổng số hộ" in exc.value.message_dict["craft_households"][0]
    with pytest.raises(ValidationError) as exc:
        village_year_upsert(actor=staff, village=village, year=2014, workers=-1)
    assert "âm" in exc.value.message_dict["workers"][0]
    assert CraftVillageYear.objects.count() == 1


def test_typical_product_certificate_rules(make_est, staff):
    product = product_create(actor=staff, code="SP", name="Bình gốm", establishment=make_est("Gốm"))
    cert = certificate_add(actor=staff, product=product, kind="typical", level="province", year=2015, score=82)
    assert cert.valid_until == datetime.date(2017, 12, 31)
    with pytest.raises(ValidationError) as exc:
        certificate_add(actor=staff, product=product, kind="typical", level="province", year=2017, score=69.5)
    assert "thấp hơn mức tối thiểu 70" in exc.value.message_dict["score"][0]
    with pytest.raises(ValidationError):
        certificate_add(actor=staff, product=product, kind="typical", year=2017, score=80)  # no level
    # The rule is data: an administrator's new rule changes the result.
    TypicalProductRule.objects.update(valid_years=2)
    later = certificate_add(actor=staff, product=product, kind="typical", level="region", year=2016, score=75)
    assert later.valid_until == datetime.date(2017, 12, 31)


@pytest.mark.parametrize(("score", "stars"), [(95, 5), (90, 5), (89.5, 4), (70, 4), (55, 3), (30, 2), (10, 1)])
def test_ocop_stars_from_the_bands(make_est, staff, score, stars):
    product = product_create(actor=staff, code="SP", name="Trà", establishment=make_est("Trà"))
    cert = certificate_add(actor=staff, product=product, kind="ocop", year=2022, score=score)
    assert cert.stars == stars


def test_ocop_stars_contradicting_the_score_are_refused(make_est, staff):
    product = product_create(actor=staff, code="SP", name="Trà", establishment=make_est("Trà"))
    with pytest.raises(ValidationError) as exc:
        certificate_add(actor=staff, product=product, kind="ocop", year=2022, score=72, stars=5)
    assert "ứng với 4 sao" in exc.value.message_dict["stars"][0]


def test_split_commune_waits_for_a_choice_among_its_successors(make_est, staff):
    # Old Xã Bát Tràng (00583) was split among Long Biên, Gia Lâm and Bát Tràng (new).
    est = make_est("Gốm Bát Tràng cũ", commune=("legacy", "00583"))
    assert est.current_commune is None
    with pytest.raises(ValidationError) as exc:
        establishment_update(actor=staff, establishment=est, current_commune=unit("current", "09556"))
    assert "không phải là xã/phường kế thừa" in exc.value.message_dict["current_commune"][0]
    establishment_update(actor=staff, establishment=est, current_commune=unit("current", "00577"))
    est = establishment_update(actor=staff, establishment=est, workers=7)  # an unrelated edit keeps the choice
    assert est.current_commune.code == "00577"
    assert audit_history(est)[1].changes["current_commune"] == [None, "Xã Bát Tràng"]
    chosen = make_est("Gốm mới", commune=("legacy", "00583"), current_commune=unit("current", "00565"))
    assert chosen.current_commune.code == "00565"
