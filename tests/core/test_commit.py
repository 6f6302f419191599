import pytest

from khuyencong.core.commit import on_commit_once

pytestmark = pytest.mark.django_db


def test_a_callback_asked_for_many_times_in_a_transaction_runs_once_after_the_commit(
        django_capture_on_commit_callbacks):
    ran = []

    def refresh():
        ran.append("refresh")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            on_commit_once(refresh)
        assert ran == []  # not before the commit
    assert ran == ["refresh"] and len(callbacks) == 1


# The test transaction never commits, so each case runs in a test of its own (its callbacks would stay pending).
ran = []


def light():
    ran.append("light")


def full():
    ran.append("full")


def test_a_callback_covered_by_a_pending_one_is_not_queued(django_capture_on_commit_callbacks):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(full)
        on_commit_once(light, covered_by=(full,))
    assert ran == ["full"]


def test_the_covering_callback_is_still_queued_after_a_covered_one(django_capture_on_commit_callbacks):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(light, covered_by=(full,))
        on_commit_once(full)
    assert ran == ["light", "full"]
