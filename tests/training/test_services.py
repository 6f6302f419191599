import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from khuyencong.core.audit import audit_history
from khuyencong.core.models import AuditEntry
from khuyencong.projects.models import Project
from khuyencong.training.models import ClassStatus, FollowUp, Trainee, TrainingClass
from khuyencong.training.services.classes import MAX_CLASS_SIZE, add_months, class_complete, class_update
from khuyencong.training.services.trainees import (
    follow_up_add,
    roster_mark_completion,
    roster_paste,
    trainee_add,
    trainee_update,
)

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_class_create_audits_and_derives(make_class, phu_nghia):
    cls = make_class("TN-1", planned_trainees=30, teachers="Nghệ nhân Nguyễn Văn Hải")
    assert cls.current_commune == phu_nghia
    assert cls.follow_up_due_on == datetime.date(2014, 12, 30)
    entry = audit_history(cls).get(action="create")
    assert entry.actor.username == "canbo"
    assert "TN-1" in entry.summary


def test_end_before_start_is_refused(make_class):
    with pytest.raises(ValidationError) as exc:
        make_class("TN-X", start=datetime.date(2014, 6, 1), end=datetime.date(2014, 5, 1))
    assert "Ngày kết thúc (01/05/2014) trước ngày khai giảng (01/06/2014)" in messages(exc.value)
    assert not TrainingClass.objects.filter(code="TN-X").exists()


def test_oversized_class_needs_confirmation(make_class):
    with pytest.raises(ValidationError) as exc:
        make_class("TN-BIG", planned_trainees=MAX_CLASS_SIZE + 1)
    assert "nhiều hơn 200" in messages(exc.value)
    assert not TrainingClass.objects.filter(code="TN-BIG").exists()
    assert make_class("TN-BIG", planned_trainees=450, confirm_large=True).planned_trainees == 450


def test_roster_beyond_200_needs_confirmation(make_class, staff):
    cls = make_class()
    text = "\n".join(f"Học viên thứ {chr(65 + i % 26)}{chr(65 + i // 26)}; 1990; Nam" for i in range(201))
    with pytest.raises(ValidationError) as exc:
        roster_paste(actor=staff, training_class=cls, text=text)
    assert "Lớp sẽ có 201 học viên" in messages(exc.value)
    assert cls.trainees.count() == 0
    assert len(roster_paste(actor=staff, training_class=cls, text=text, confirm_large=True).trainees) == 201


def test_project_must_be_training_management_or_technology(make_class, phu_nghia):
    fair = Project.objects.create(code="DA-HC", title="Hội chợ", activity="products", funding_source="local",
                                  plan_year=2014)
    with pytest.raises(ValidationError) as exc:
        make_class("TN-P", project=fair)
    assert "chỉ đề án đào tạo nghề" in messages(exc.value)
    training = Project.objects.create(code="DA-DT", title="Đào tạo", activity="training", funding_source="local",
                                      plan_year=2014)
    assert make_class("TN-P", project=training).project == training


def test_paste_reports_every_bad_line_and_adds_nobody(make_class, staff):
    cls = make_class()
    with pytest.raises(ValidationError) as exc:
        roster_paste(actor=staff, training_class=cls, text=(
            "Họ tên; Năm sinh; Giới tính; CCCD\n"
            "Nguyễn Văn An; 1990; Nam; 001090001234\n"
            "Trần Thị Bình; 19x5; Nữ\n"
            "; 1990\n"
            "Lê Văn Cường; 1988; ông; 12345\n"
        ))
    text = messages(exc.value)
    assert "Dòng 3: năm sinh “19x5” không phải là một năm." in text
    assert "Dòng 4: thiếu họ tên." in text
    assert "Dòng 5: giới tính “ông” không rõ" in text and "phải gồm 9 hoặc 12 chữ số" in text
    assert "Dòng 2" not in text
    assert cls.trainees.count() == 0


def test_duplicate_id_in_same_class_is_refused(make_class, staff):
    cls = make_class()
    roster_paste(actor=staff, training_class=cls, text="Nguyễn Văn An; 1990; Nam; 001090001234")
    with pytest.raises(ValidationError) as exc:
        trainee_add(actor=staff, training_class=cls, full_name="Người khác", id_number="0010 9000 1234")
    assert "đã có trong lớp (học viên Nguyễn Văn An)" in messages(exc.value)
    assert "0010******34" in messages(exc.value)
    with pytest.raises(ValidationError) as exc:
        roster_paste(actor=staff, training_class=cls,
                     text="A Một; 1990\nB Hai; 1991; ; 001091000001\nC Ba; ; ; 001091000001")
    assert "Dòng 3: Số CMND/CCCD 0010******01 trùng với dòng 2." in messages(exc.value)
    assert cls.trainees.count() == 1
    # the same person may attend another class
    other = make_class()
    assert trainee_add(actor=staff, training_class=other, full_name="Nguyễn Văn An", id_number="001090001234")


def test_age_outside_15_to_80_is_a_warning_not_a_refusal(make_class, staff):
    cls = make_class()  # starts in 2014
    result = roster_paste(actor=staff, training_class=cls, text="Bé Nhỏ; 2002; Nam\nCụ Già; 1930; Nam\nVừa; 1990")
    assert len(result.trainees) == 3
    assert len(result.warnings) == 2
    assert "Dòng 1: Bé Nhỏ sinh năm 2002, 12 tuổi" in result.warnings[0]
    assert "84 tuổi" in result.warnings[1]
    single = trainee_add(actor=staff, training_class=cls, full_name="Em Út", birth_year=2005)
    assert single.warnings and single.warnings[0].startswith("Em Út sinh năm 2005")


def test_personal_data_is_masked_in_the_audit_log(make_class, staff):
    cls = make_class()
    trainee = trainee_add(actor=staff, training_class=cls, full_name="Nguyễn Văn An", birth_year=1990,
                          id_number="001090001234").trainees[0]
    trainee_update(actor=staff, trainee=trainee, full_name="Nguyễn Văn An", birth_year=1991, gender="male",
                   id_number="001090004321", completed=False)
    logged = str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert "001090001234" not in logged and "001090004321" not in logged and "1991" not in logged
    assert "0010******34" in logged


def test_follow_up_before_class_end_is_refused(make_class, staff):
    cls = make_class()
    trainee = trainee_add(actor=staff, training_class=cls, full_name="An", completed=True).trainees[0]
    with pytest.raises(ValidationError) as exc:
        follow_up_add(actor=staff, trainee=trainee, date=datetime.date(2014, 6, 1), employed=True)
    assert "trước ngày lớp kết thúc (30/06/2014)" in messages(exc.value)
    assert not FollowUp.objects.exists()
    follow_up_add(actor=staff, trainee=trainee, date=datetime.date(2014, 6, 30), employed=True)
    assert FollowUp.objects.count() == 1


def test_follow_up_needs_a_completed_trainee(make_class, staff):
    cls = make_class()
    trainee = trainee_add(actor=staff, training_class=cls, full_name="An").trainees[0]
    with pytest.raises(ValidationError) as exc:
        follow_up_add(actor=staff, trainee=trainee, date=datetime.date(2015, 1, 1), employed=True)
    assert "chưa được đánh dấu hoàn thành" in messages(exc.value)


def test_mark_completion_and_close_class(filled_class, staff):
    assert filled_class.trainees.filter(completed=True).count() == 3
    assert Trainee.objects.get(full_name="Nguyễn Văn An").certificate_number == "CC-1"
    class_complete(actor=staff, training_class=filled_class)
    filled_class.refresh_from_db()
    assert filled_class.status == ClassStatus.COMPLETED
    with pytest.raises(ValidationError):
        class_complete(actor=staff, training_class=filled_class)


def test_cannot_unmark_a_followed_up_trainee(filled_class, staff):
    with pytest.raises(ValidationError) as exc:
        roster_mark_completion(actor=staff, training_class=filled_class, completed={})
    assert "Nguyễn Văn An" in messages(exc.value)
    assert filled_class.trainees.filter(completed=True).count() == 3


def test_class_in_the_future_cannot_be_closed(make_class, staff):
    today = timezone.localdate()
    cls = make_class(start=today, end=today + datetime.timedelta(days=30))
    trainee_add(actor=staff, training_class=cls, full_name="An")
    with pytest.raises(ValidationError) as exc:
        class_complete(actor=staff, training_class=cls)
    assert "chưa thể xác nhận kết thúc" in messages(exc.value)


def test_update_end_date_after_follow_ups_is_refused(filled_class, staff):
    with pytest.raises(ValidationError) as exc:
        class_update(actor=staff, training_class=filled_class, end_date=datetime.date(2014, 12, 1))
    assert "01/09/2014" in messages(exc.value)
    updated = class_update(actor=staff, training_class=filled_class, teachers="Nghệ nhân Lê Văn Hải")
    assert audit_history(updated).filter(action="update").exists()


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2014, 8, 31), 6) == datetime.date(2015, 2, 28)
    assert add_months(datetime.date(2015, 8, 31), 6) == datetime.date(2016, 2, 29)
    assert add_months(datetime.date(2014, 6, 30), 6) == datetime.date(2014, 12, 30)


def test_trainee_remove(filled_class, staff):
    from khuyencong.training.services.trainees import trainee_remove

    an = filled_class.trainees.get(full_name="Nguyễn Văn An")
    with pytest.raises(ValidationError) as exc:
        trainee_remove(actor=staff, trainee=an)
    assert "đã có theo dõi việc làm" in messages(exc.value)
    dung = filled_class.trainees.get(full_name="Phạm Văn Dũng")
    trainee_remove(actor=staff, trainee=dung)
    assert filled_class.trainees.count() == 3
    assert audit_history(filled_class).filter(action="delete", summary__contains="Phạm Văn Dũng").exists()
