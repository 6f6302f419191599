"""The indicators' small Hanoi world (tests/indicators/conftest.py) and its users; every test starts in
Vietnamese (a request in English leaves its language active in the thread)."""

import pytest
from django.utils import translation

from tests.indicators.conftest import fast_hasher, people, world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield
