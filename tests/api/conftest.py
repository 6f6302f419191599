import pytest
from rest_framework.test import APIClient

from khuyencong.accounts.services.tokens import token_create
from tests.test_leaks import media, world  # noqa: F401 (the leak test's records of two communes; files in tmp)


@pytest.fixture(autouse=True)
def fresh_request_budgets():
    """Each test starts with full throttling budgets (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_for():
    """An API client authenticated with a fresh token of `user` (what a machine client does)."""

    def make(user, *, language=None):
        client = APIClient()
        secret = token_create(actor=user, user=user, name="test").secret
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}",
                           **({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
        return client

    return make
