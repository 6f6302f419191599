"""Shared fixtures. The real administrative units are loaded once into the test database."""

import importlib

import pytest

from khuyencong.accounts.services.users import user_add
from khuyencong.geo.models import AdminUnit
from khuyencong.geo.services.units import units_load

PASSWORD = "Mat-khau-thu-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        units_load()


def _seed_data_elements():
    """The data elements of the indicators' data migration (a transactional test's flush removes them)."""
    from django.apps import apps

    importlib.import_module("khuyencong.indicators.migrations.0002_seed_elements").seed(apps, None)


@pytest.fixture
def units_loaded(db):
    """For transactional tests, which flush the tables the session fixture filled."""
    if not AdminUnit.objects.exists():
        units_load()
    _seed_data_elements()


@pytest.fixture
def make_user(db):
    def make(username="user", role="centre_staff", unit="01", hierarchy="current", **extra):
        return user_add(
            username=username, role=role, unit_code=unit, hierarchy=hierarchy, password=PASSWORD, **extra
        ).user

    return make


@pytest.fixture
def registry_catalogues(db):
    """The catalogue rows of registry's data migration, for transactional tests (their flush removes them)."""
    from django.apps import apps

    importlib.import_module("khuyencong.registry.migrations.0003_seed_catalogues").seed(apps, None)
    _seed_data_elements()
