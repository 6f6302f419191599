"""The indicators' small Hanoi world (tests/indicators/conftest.py) and its users."""

from tests.indicators.conftest import fast_hasher, people, world  # noqa: F401  (fixtures)
