"""The menu's counts come through core's extension point: projects registers the inbox's unread notices."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

import khuyencong.core
from khuyencong.core.navigation import BADGES, badge_for
from khuyencong.projects.models import Notification, Project

pytestmark = pytest.mark.django_db


def test_projects_registers_the_inbox_count_and_the_menu_shows_it(client, make_user, make_project):
    user = make_user("lan")
    project = make_project()
    assert "projects:inbox" in BADGES and badge_for("projects:inbox", user) == {}
    for i in range(3):
        Notification.objects.create(user=user, project=project, message=f"Thông báo {i}")
    Notification.objects.create(user=make_user("other"), project=project, message="Của người khác")
    assert badge_for("projects:inbox", user)["badge_text"] == "3"
    client.force_login(user)
    html = client.get(reverse("core:home")).content.decode()
    assert '<span class="nav-badge" title="3 thông báo chưa đọc">3</span>' in html
    client.post(reverse("projects:inbox"))  # "Đánh dấu đã đọc"
    assert "nav-badge" not in client.get(reverse("core:home")).content.decode()


def test_more_than_99_shows_as_99_plus(make_user, make_project):
    user, project = make_user("lan"), make_project()
    Notification.objects.bulk_create(Notification(user=user, project=project, message="x") for _ in range(120))
    assert badge_for("projects:inbox", user)["badge_text"] == "99+"


def test_core_imports_no_app_above_it():
    above = ("khuyencong.registry", "khuyencong.projects", "khuyencong.training", "khuyencong.imports")
    for path in Path(khuyencong.core.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.startswith(above) for n in names), (path, names)


@pytest.fixture
def make_project(make_user):
    from khuyencong.geo.selectors import unit_get
    from khuyencong.projects.services.projects import project_create
    from tests.projects.conftest import draft_data

    officer = make_user("phunghia", role="local_officer", unit="10030")

    def make():
        return project_create(actor=officer, data=draft_data(unit_get(code="10030"),
                                                             code=f"KC-{Project.objects.count() + 1}"))

    return make
