"""A project created without a code gets the next KC-<plan year>-0001."""

import pytest

from khuyencong.projects.services.projects import project_create
from tests.projects.conftest import draft_data

pytestmark = pytest.mark.django_db


def test_projects_without_a_code_get_the_next_of_their_plan_year(people, commune):
    officer = people["local_officer"]
    project_create(actor=officer, data=draft_data(commune, code="KC-2026-0002"))  # imported in the pattern
    first = project_create(actor=officer, data=draft_data(commune, code=""))
    second = project_create(actor=officer, data=draft_data(commune, code=""))
    other_year = project_create(actor=officer, data=draft_data(commune, code="", plan_year=2027))
    assert (first.code, second.code, other_year.code) == ("KC-2026-0001", "KC-2026-0003", "KC-2027-0001")
    typed = project_create(actor=officer, data=draft_data(commune, code="KC-RIENG-01"))
    assert typed.code == "KC-RIENG-01"
