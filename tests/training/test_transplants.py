import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.audit import audit_history
from khuyencong.registry.models import Recognition
from khuyencong.registry.services import craft_for_name
from khuyencong.training.models import CraftTransplant
from khuyencong.training.services.transplants import transplant_check_add, transplant_create
from tests.training.conftest import make_village

pytestmark = pytest.mark.django_db


def test_transplant_gives_the_village_its_craft(staff, craft, phu_nghia):
    rice = craft_for_name("trồng lúa")
    village = make_village("V-THUAN", phu_nghia, crafts=[rice])
    transplant = transplant_create(actor=staff, village=village, craft=craft, year=2014, households_trained=40)
    assert set(village.crafts.all()) == {rice, craft}
    assert audit_history(village).filter(summary__contains="cấy nghề năm 2014").exists()
    assert audit_history(transplant).filter(action="create").exists()


def test_transplant_into_a_village_recognised_for_that_craft_is_refused(staff, craft, phu_nghia):
    village = make_village("V-PHU-VINH", phu_nghia, crafts=[craft], recognition=Recognition.TRADITIONAL, year=2006)
    with pytest.raises(ValidationError) as exc:
        transplant_create(actor=staff, village=village, craft=craft, year=2014)
    assert "đã được công nhận là làng nghề truyền thống với nghề Mây tre đan" in " ".join(exc.value.messages)
    assert not CraftTransplant.objects.exists()
    # another craft into the same recognised village is fine
    assert transplant_create(actor=staff, village=village, craft=craft_for_name("thêu ren"), year=2014)


def test_unrecognised_village_with_the_craft_may_receive_it_again(staff, craft, phu_nghia):
    village = make_village("V-X", phu_nghia, crafts=[craft])
    transplant_create(actor=staff, village=village, craft=craft, year=2014)
    with pytest.raises(ValidationError) as exc:
        transplant_create(actor=staff, village=village, craft=craft, year=2014)
    assert "Đã ghi nhận cấy nghề" in " ".join(exc.value.messages)


def test_yearly_checks(staff, craft, phu_nghia):
    transplant = transplant_create(actor=staff, village=make_village("V-Y", phu_nghia), craft=craft, year=2014)
    transplant_check_add(actor=staff, transplant=transplant, year=2015, still_practising=True, craft_households=35)
    with pytest.raises(ValidationError) as exc:
        transplant_check_add(actor=staff, transplant=transplant, year=2015, still_practising=False)
    assert "Đã có kết quả kiểm tra năm 2015" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        transplant_check_add(actor=staff, transplant=transplant, year=2013, still_practising=True)
    assert "trước năm cấy nghề (2014)" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        transplant_check_add(actor=staff, transplant=transplant, year=2016, still_practising=False, craft_households=3)
    assert transplant.checks.count() == 1
