"""`khuyencong demo` refuses a database that holds other records, and `--reset` without a demo loaded."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.imports.services.runs import import_rows
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db


def test_a_database_with_records_is_refused():
    assert import_rows(kind="establishments", user=SYSTEM, rows=[
        {"code": "CS-1", "name": "Cơ sở thật", "kind": "HKD", "commune_code": "10030"}]).ok
    with pytest.raises(CommandError) as refused:
        call_command("demo")
    assert refused.value.returncode == 2 and "không phải dữ liệu mẫu" in str(refused.value)
    assert Establishment.objects.count() == 1


def test_reset_without_a_demo_is_refused():
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--reset")
    assert refused.value.returncode == 2 and "Chưa nạp dữ liệu mẫu" in str(refused.value)
