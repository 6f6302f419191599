import io

import pytest

from khuyencong.accounts import demo as accounts_demo
from khuyencong.projects import demo
from khuyencong.projects.models import Programme, Project

pytestmark = pytest.mark.django_db


def test_demo_seeds_programmes_and_projects_in_several_states(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    accounts_demo.seed(out)
    demo.seed(out)
    assert {p.start_year for p in Programme.objects.all()} >= {2011, 2016}
    states = set(Project.objects.values_list("state", flat=True))
    assert {"draft", "submitted", "under_appraisal", "in_progress", "settled", "stopped"} <= states
    assert Project.objects.filter(imported=True).count() == 4
    demo.seed(out)  # idempotent
    assert "đã có, bỏ qua" in out.getvalue()
