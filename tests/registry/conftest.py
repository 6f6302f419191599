import pytest

from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import Establishment
from khuyencong.registry.services import establishment_create, village_create


def unit(hierarchy: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(hierarchy=hierarchy, code=code)


@pytest.fixture
def staff(make_user):
    return make_user("canbo", role="centre_staff", unit="01")


@pytest.fixture
def make_est(db):
    counter = {"n": 0}

    def make(name="Cơ sở mẫu", commune=("legacy", "10033"), actor=None, **extra) -> Establishment:
        counter["n"] += 1
        extra.setdefault("code", f"T-{counter['n']:04d}")
        extra.setdefault("kind", "HKD")
        return establishment_create(actor=actor, name=name, commune=unit(*commune), **extra)

    return make


@pytest.fixture
def make_village(db):
    counter = {"n": 0}

    def make(name="Làng mẫu", commune=("legacy", "10033"), crafts=("mây tre đan",), actor=None, **extra):
        counter["n"] += 1
        extra.setdefault("code", f"LN-{counter['n']:04d}")
        return village_create(actor=actor, name=name, commune=unit(*commune), crafts=list(crafts), **extra)

    return make
