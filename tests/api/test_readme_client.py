"""The README's machine client, run as written against a live server with three users' tokens."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from khuyencong.projects.models import Project, ProjectState
from khuyencong.registry.models import Establishment

README = Path(__file__).resolve().parents[2] / "README.md"


def _script() -> str:
    section = README.read_text().split("## API (`/api/v1/`)", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.django_db(transaction=True)
def test_readme_client_runs(live_server, units_loaded, registry_catalogues, make_user, capsys):
    env = {"KC_API": f"{live_server.url}/api/v1", "PATH": "/usr/bin:/bin"}
    for name, role, unit in (("LOCAL", "local_officer", "10030"), ("CENTRE", "centre_staff", "01"),
                             ("APPROVER", "approver", "01")):
        make_user(role, role=role, unit=unit)
        call_command("users", "token", role, "--days", "1")
        env[f"KC_TOKEN_{name}"] = capsys.readouterr().out.strip()
    result = subprocess.run([sys.executable, "-c", _script()], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert Establishment.objects.filter(name="Hộ kinh doanh Mây tre Phú Nghĩa").exists()
    assert Project.objects.get(code="DA-API-0001").state == ProjectState.IN_PROGRESS
    assert "Đang thực hiện" in result.stdout
