import pytest

from khuyencong.core.audit import AuditAction, audit_history, audit_record, diff, history_rows, snapshot
from khuyencong.geo.selectors import unit_get
from khuyencong.registry.models import CraftVillage

pytestmark = pytest.mark.django_db


def test_history_rows_label_fields_and_show_values_as_people_read_them(make_user):
    user = make_user("lan")
    village = CraftVillage.objects.create(code="LN-1", name="Làng gốm", commune=unit_get(code="10030"))
    before = snapshot(village)
    village.recognition, village.recognition_year = "lang_nghe", 2015
    village.save()
    audit_record(actor=user, obj=village, action=AuditAction.UPDATE, changes=diff(before, snapshot(village)))
    audit_record(actor=user, obj=village, action=AuditAction.UPDATE,
                 changes={"production_value": [None, 7_658_000_000], "recognised_on": ["2015-04-14", None],
                          "polluting": [False, True], "approval_decision": ["", "215/QĐ-KCHN"]})
    newest, older = history_rows(audit_history(village), model=CraftVillage)
    assert {"label": "năm công nhận", "old": None, "new": 2015} in older["changes"]
    assert {"label": "công nhận", "old": "Làng có nghề (chưa công nhận)", "new": "Làng nghề"} in older["changes"]
    assert {"label": "production_value", "old": None, "new": "7.658.000.000"} in newest["changes"]
    assert {"label": "recognised_on", "old": "14/04/2015", "new": None} in newest["changes"]
    assert {"label": "polluting", "old": "Không", "new": "Có"} in newest["changes"]
    assert {"label": "approval_decision", "old": None, "new": "215/QĐ-KCHN"} in newest["changes"]
    assert newest["entry"].actor == user
