import io
import time

import pytest

from khuyencong.training import demo
from khuyencong.training.models import CraftTransplant, TrainingClass
from khuyencong.training.selectors import class_list, class_rates, follow_ups_due

pytestmark = pytest.mark.django_db


def test_demo_seeds_classes_and_transplants_idempotently(make_user):
    staff = make_user("canbo", role="centre_staff")
    started = time.monotonic()
    demo.seed(io.StringIO())
    assert time.monotonic() - started < 20
    demo.seed(io.StringIO())
    assert TrainingClass.objects.count() == 5
    assert CraftTransplant.objects.count() == 2
    first = TrainingClass.objects.get(code="TN-2014-01")
    rates = class_rates([first.pk])[first.pk]
    assert (rates.trainees, rates.completed, rates.followed, rates.employed) == (30, 28, 24, 20)
    assert first.commune.hierarchy == "legacy" and first.current_commune.code == "10030"
    assert follow_ups_due(user=staff).exists()
    chuong_my = make_user("chuongmy", role="local_officer", unit="277", hierarchy="legacy")
    assert set(class_list(user=chuong_my).values_list("code", flat=True)) == {"TN-2014-01", "CN-2014-02",
                                                                              "QL-2015-01"}
    phu_nghia = make_user("phunghia", role="local_officer", unit="10030")
    assert list(class_list(user=phu_nghia).values_list("code", flat=True)) == ["TN-2014-01"]
    village = CraftTransplant.objects.get(year=2014).village
    assert village.crafts.filter(name="Mây tre đan").exists()


def test_demo_reuses_the_registry_demo(make_user):
    from khuyencong.registry import demo as registry_demo
    from khuyencong.registry.models import CraftVillage
    from khuyencong.training.models import FollowUp

    make_user("canbo", role="centre_staff")
    registry_demo.seed(io.StringIO())
    villages = CraftVillage.objects.count()
    demo.seed(io.StringIO())
    assert TrainingClass.objects.get(code="TN-2014-01").village.code == "LN-PHUVINH"
    assert CraftVillage.objects.count() == villages + 2  # only the two farming villages are new
    assert FollowUp.objects.filter(employer__isnull=False).exists()
