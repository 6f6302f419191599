"""Automatic codes: the next number of a pattern, skipping codes already taken, never the same one twice."""

import threading

import pytest
from django.db import connection, connections

from khuyencong.core.codes import code_allocate
from khuyencong.core.models import CodeSequence
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import Establishment
from khuyencong.registry.services import establishment_create


def _est(code: str) -> Establishment:
    return establishment_create(actor=None, code=code, name=f"Cơ sở {code}", kind="HKD",
                                commune=AdminUnit.objects.get(hierarchy="current", code="10030"),
                                flag_duplicates=False)


@pytest.mark.django_db
def test_codes_follow_the_pattern_in_order():
    assert code_allocate(model=Establishment, prefix="CS", width=6) == "CS-000001"
    _est("CS-000001")
    assert code_allocate(model=Establishment, prefix="CS", width=6) == "CS-000002"
    assert code_allocate(model=Establishment, prefix="KC", width=4, year=2026) == "KC-2026-0001"
    assert code_allocate(model=Establishment, prefix="KC", width=4, year=2027) == "KC-2027-0001"
    assert CodeSequence.objects.get(prefix="CS", year=0).last == 2


@pytest.mark.django_db
def test_codes_already_taken_are_skipped():
    # an import gave CS-000001…CS-000003 and CS-000005 in the same pattern
    for n in (1, 2, 3, 5):
        _est(f"CS-{n:06d}")
    assert code_allocate(model=Establishment, prefix="CS", width=6) == "CS-000004"
    assert code_allocate(model=Establishment, prefix="CS", width=6) == "CS-000006"


@pytest.mark.django_db
def test_a_long_run_of_taken_codes_is_jumped_in_one_step():
    for n in range(1, 46):
        _est(f"CS-{n:06d}")
    _est("CS-12345")  # another width: not the pattern, not counted
    assert code_allocate(model=Establishment, prefix="CS", width=6) == "CS-000046"


on_postgresql = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite locks the whole file and has no SELECT … FOR UPDATE: run on PostgreSQL")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_creations_at_once_never_get_the_same_code(units_loaded):
    commune = AdminUnit.objects.get(hierarchy="current", code="10030")
    barrier = threading.Barrier(4)
    codes, errors = [], []

    def create(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            est = establishment_create(actor=None, name=f"Cơ sở song song {i}", kind="HKD", commune=commune,
                                       flag_duplicates=False)
            codes.append(est.code)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert sorted(codes) == ["CS-000001", "CS-000002", "CS-000003", "CS-000004"]
