import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from khuyencong.core.audit import (
    AuditAction,
    audit_history,
    audit_record,
    diff,
    field_display,
    history_rows,
    snapshot,
)
from khuyencong.core.models import AuditEntry
from khuyencong.geo.selectors import unit_get
from khuyencong.registry.models import CraftVillage, Establishment

pytestmark = pytest.mark.django_db


def _changes(row) -> dict:
    return {c["label"]: (c["old"], c["new"]) for c in row["changes"]}


def test_history_rows_label_fields_and_show_values_as_people_read_them(make_user):
    user = make_user("lan")
    village = CraftVillage.objects.create(code="LN-1", name="Làng gốm", commune=unit_get(code="10030"))
    before = snapshot(village)
    village.recognition, village.recognition_year = "lang_nghe", 2015
    village.latitude = Decimal("20.935951")
    village.save()
    audit_record(actor=user, obj=village, action=AuditAction.UPDATE, changes=diff(before, snapshot(village)))
    audit_record(actor=user, obj=village, action=AuditAction.UPDATE,
                 changes={"production_value": [None, 7_658_000_000], "recognised_on": ["2015-04-14", None],
                          "polluting": [False, True], "approval_decision": ["", "215/QĐ-KCHN"]})
    newest, older = history_rows(audit_history(village), model=CraftVillage)
    changes = _changes(older)
    assert changes["năm công nhận"] == (None, "2015")  # a year is not a number with a thousands dot
    assert changes["công nhận"] == ("Làng có nghề (chưa công nhận)", "Làng nghề")
    assert changes["vĩ độ"] == (None, "20,935951")
    assert "updated at" not in changes and "updated_at" not in changes and "search_name" not in changes
    changes = _changes(newest)
    assert changes["production_value"] == (None, "7.658 triệu đồng")  # not a field: money by its name
    assert changes["recognised_on"] == ("14/04/2015", None)
    assert changes["polluting"] == ("Không", "Có")
    assert changes["approval_decision"] == (None, "215/QĐ-KCHN")
    assert newest["entry"].actor == user


def test_every_value_goes_through_its_fields_formatter(make_user):
    """Numbers, money, dates, Có/Không and choice labels, from the model's field; old raw rows too."""
    commune = unit_get(code="10030")
    est = Establishment.objects.create(code="CS-1", name="Cơ sở gốm", kind="HKD", commune=commune,
                                       current_commune=commune, search_name="co so gom", match_name="gom")
    audit_record(actor=None, obj=est, action=AuditAction.UPDATE, changes={
        "workers": [3200, 3250], "revenue": [None, 1_500_000_000], "founded_year": [None, 2015],
        "polluting": [True, False], "kind": ["DN", "HKD"],  # codes, as an import stores them
        "created_at": [None, "2026-11-30 12:43:07.939528+00:00"], "updated_at": ["x", "y"],
        "search_name": ["a", "b"], "match_name": ["a", "b"], "version": [1, 2], "created_by": [None, "Lan"],
        "address": ["", ""],  # empty on both sides: nothing to show
        "craft_village": [None, 999_999],  # a reference that is gone: its id
        "current_commune": [None, commune.pk],  # a reference stored as an id: the object
    })
    (row,) = history_rows(audit_history(est), model=Establishment)
    changes = _changes(row)
    assert changes == {
        "số lao động": ("3.200", "3.250"),
        "doanh thu (đồng)": (None, "1,5 tỷ đồng"),
        "năm thành lập": (None, "2015"),
        "gây ô nhiễm": ("Có", "Không"),
        "loại hình": ("Doanh nghiệp", "Hộ kinh doanh"),
        "làng nghề": (None, "999999"),
        "xã/phường hiện hành": (None, "Xã Phú Nghĩa"),
    }


def test_field_display_of_dates_money_and_choices():
    at = AuditEntry._meta.get_field("at")
    stamp = datetime.datetime(2026, 11, 30, 12, 43, 7, 939528, tzinfo=datetime.UTC)
    assert field_display(at, "2026-11-30 12:43:07.939528+00:00") == "30/11/2026 " + timezone.localtime(
        stamp).strftime("%H:%M")
    from khuyencong.projects.models import Project

    project = Project._meta
    assert field_display(project.get_field("approved_on"), "2026-04-14") == "14/04/2026"
    assert field_display(project.get_field("approved_funds"), 175_500_000) == "175,5 triệu đồng"
    assert field_display(project.get_field("approved_funds"), 1_234_567) == "1.234.567 đồng"  # exact, never rounded
    assert field_display(project.get_field("machinery_condition"), "new") == "máy móc, thiết bị mới"
    assert field_display(project.get_field("machinery_condition"), "máy móc, thiết bị mới") == "máy móc, thiết bị mới"
    assert field_display(project.get_field("no_other_support"), True) == "Có"
    assert field_display(project.get_field("no_other_support"), "False") == "Không"
    assert field_display(project.get_field("plan_year"), 2026) == "2026"
    assert field_display(project.get_field("expected_jobs"), 12_000) == "12.000"
    assert field_display(project.get_field("title"), "") is None


def test_class_page_history_formats_trainee_entries_by_the_trainees_fields(make_user):
    """Entries of several models on one page (a class and its trainees) are each read with their own fields."""
    from khuyencong.training.models import Trainee, TrainingClass

    entries = [
        AuditEntry(content_type=ContentType.objects.get_for_model(Trainee), object_id="1",
                   action=AuditAction.UPDATE, changes={"completed": [False, True], "gender": [None, "female"]}),
        AuditEntry(content_type=ContentType.objects.get_for_model(TrainingClass), object_id="1",
                   action=AuditAction.UPDATE, changes={"cost": [None, 84_000_000], "start_date": [None, "2015-05-04"]}),
    ]
    trainee, klass = history_rows(entries, model=TrainingClass)
    assert _changes(trainee) == {"hoàn thành khoá học": ("Không", "Có"), "giới tính": (None, "Nữ")}
    assert _changes(klass) == {"kinh phí (đồng)": (None, "84 triệu đồng"), "ngày khai giảng": (None, "04/05/2015")}
