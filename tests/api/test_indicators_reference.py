"""Indicators answer exactly what `khuyencong indicators --json` prints; units resolve as the pickers do."""

import io
import json

import pytest
from django.core.management import call_command

from khuyencong.geo.selectors import unit_get
from khuyencong.indicators.models import DataElement, DataValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def values(make_user):
    staff = make_user("builder", role="centre_staff", unit="01")
    element = DataElement.objects.get(code="cnnt_production_value")
    for code, value in (("10030", 1_000_000), ("00004", 2_000_000)):
        DataValue.objects.create(element=element, unit=unit_get(code=code), year=2024, value=value, entered_by=staff)


def _cli(*args) -> dict:
    out = io.StringIO()
    call_command("indicators", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("params, args", [
    ({"unit": "01", "period": "2021-2025"}, ["--unit", "01", "--period", "2021-2025"]),
    ({"unit": "01", "period": "2024", "by": "year"}, ["--unit", "01", "--period", "2024", "--by", "year"]),
    ({"unit": "01", "period": "2011-2015", "hierarchy": "legacy", "by": "child"},
     ["--unit", "01", "--period", "2011-2015", "--hierarchy", "legacy", "--by", "child"]),
])
def test_indicators_equal_the_command(values, make_user, client_for, params, args):
    api = client_for(make_user("tt", role="centre_staff", unit="01"))
    r = api.get("/api/v1/indicators/", params)
    assert r.status_code == 200, r.json()
    assert r.json() == _cli(*args)


def test_indicators_outside_the_area_and_bad_input(values, make_user, client_for):
    api = client_for(make_user("xa", role="local_officer", unit="10030"))
    assert api.get("/api/v1/indicators/", {"unit": "10030", "period": "2024"}).status_code == 200
    r = api.get("/api/v1/indicators/", {"unit": "01", "period": "2024"})
    assert r.status_code == 403 and "ngoài địa bàn" in r.json()["message"]
    r = api.get("/api/v1/indicators/", {"unit": "10030", "period": "2025-2011"})
    assert r.status_code == 400 and "period" in r.json()["fields"]
    r = api.get("/api/v1/indicators/", {"unit": "277", "period": "2024"})
    assert r.status_code == 400 and "legacy" in r.json()["fields"]["unit"][0]
    r = api.get("/api/v1/indicators/", {"unit": "10030", "period": "2024", "indicator": "khong_co"})
    assert r.status_code == 400 and "indicator" in r.json()["fields"]


def test_units_resolve(make_user, client_for):
    api = client_for(make_user("xa", role="local_officer", unit="10030"))
    r = api.get("/api/v1/units/resolve/", {"q": "phu nghia"})
    assert r.status_code == 200 and r.json()["code"] == "10030"
    r = api.get("/api/v1/units/resolve/", {"q": "khong co xa nay"})
    assert r.status_code == 400 and r.json()["fields"]["q"]
    r = api.get("/api/v1/units/277/", {"hierarchy": "legacy"})
    assert r.status_code == 200 and r.json()["level"] == "district"
    r = api.get("/api/v1/units/", {"parent": "01", "level": "commune", "page_size": 500})
    assert r.status_code == 200 and len(r.json()["results"]) > 100
