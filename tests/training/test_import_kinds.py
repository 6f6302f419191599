"""The `trainees` and `transplants` kinds on the import framework (check_plans / after_write hooks)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from khuyencong.core.models import AuditEntry
from khuyencong.imports.services.runs import import_file
from khuyencong.registry.models import Recognition
from khuyencong.training.models import (
    AccessPurpose,
    CraftTransplant,
    FollowUp,
    PersonalDataAccess,
    Trainee,
    TransplantCheck,
)
from tests.training.conftest import make_village

pytestmark = pytest.mark.django_db


def xlsx(path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def csv_path(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_trainees_all_or_nothing_names_each_bad_row(staff, make_class, tmp_path):
    make_class("TN-1")
    path = xlsx(tmp_path / "hv.xlsx", [
        ["class_code", "full_name", "birth_year", "gender", "completed", "employed", "id_number"],
        ["TN-1", "Nguyễn Văn An", 1990, "Nam", "có", "có", "001090001234"],
        ["TN-KHONG-CO", "Trần Thị Bình", 1991, "Nữ", "có", None, None],
        ["TN-1", "Lê Văn Cường", 1992, "Nam", "có", None, "001090001234"],
        ["TN-1", "Phạm Dũng", 1880, "Nam", "không", "có", None],
        ["TN-1", "Hồ Em", 1993, "Nữ", "không", "có", None],
    ])
    result = import_file(kind="trainees", path=path, user=staff)
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(3, "Mã lớp")] == "Không tìm thấy lớp có mã “TN-KHONG-CO”."
    assert errors[(4, "Số CCCD")] == "Số CMND/CCCD 0010******34 trùng với dòng 2."
    assert "1880" in errors[(5, "Năm sinh")]
    assert "chưa được đánh dấu hoàn thành" in errors[(6, "Hoàn thành")]
    assert not any(row == 2 for row, _c in errors)
    assert not result.ok and not result.written
    assert not Trainee.objects.exists() and not FollowUp.objects.exists()


def test_trainees_csv_writes_latest_follow_up_warns_on_age_and_audits(staff, make_class, tmp_path):
    cls = make_class("TN-1")
    path = csv_path(tmp_path / "hv.csv", "Mã lớp,Họ tên,Năm sinh,Hoàn thành,Có việc làm\n"
                                          "TN-1,An,1990,có,có\nTN-1,Bình,2005,có,không\nTN-1,Cúc,,không,\n")
    result = import_file(kind="trainees", path=path, user=staff)
    assert result.ok and result.created == 3, result.errors
    assert any(w.startswith("Dòng 3: Bình sinh năm 2005, 9 tuổi") for w in result.warnings)
    assert "Đã ghi theo dõi việc làm (lần gần nhất): 2." in result.summary_lines()
    assert FollowUp.objects.get(employed=True).date == cls.follow_up_due_on
    an = Trainee.objects.get(full_name="An")
    assert AuditEntry.objects.filter(object_id=str(an.pk), changes__has_key="follow_up").exists()
    # Re-import: matched on (class, name, birth year), the latest follow-up already says so: nothing new.
    again = import_file(kind="trainees", path=path, user=staff)
    assert again.ok and again.created == 0 and again.unchanged == 3, again.errors
    assert FollowUp.objects.count() == 2 and Trainee.objects.count() == 3


def test_trainees_out_of_scope_class_is_refused(make_user, make_class, ba_dinh, tmp_path):
    make_class("TN-BD", commune=ba_dinh)
    officer = make_user("phunghia_staff", role="centre_staff", unit="10030")
    result = import_file(kind="trainees", path=csv_path(tmp_path / "a.csv", "class_code,full_name\nTN-BD,An\n"),
                         user=officer)
    assert not result.ok and result.errors[0].message == "Không tìm thấy lớp có mã “TN-BD”."
    unknown = import_file(kind="trainees", path=csv_path(tmp_path / "b.csv", "class_code,full_name\nTN-XX,An\n"),
                          user=officer)
    assert unknown.errors[0].message == "Không tìm thấy lớp có mã “TN-XX”."  # out of scope reads as unknown
    assert not Trainee.objects.exists()


def test_local_officers_do_not_import_training(make_user, make_class, tmp_path):
    make_class("TN-1")
    officer = make_user("xa", role="local_officer", unit="10030")
    result = import_file(kind="trainees", path=csv_path(tmp_path / "a.csv", "class_code,full_name\nTN-1,An\n"),
                         user=officer)
    assert not result.ok and not Trainee.objects.exists()
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("imports:upload", args=["trainees"])).content.decode()
    assert 'id="import-form"' not in page
    assert 'id="import-form"' in client.get(reverse("imports:upload", args=["establishments"])).content.decode()


def test_updates_keep_personal_data_out_of_the_audit_log(staff, make_class, tmp_path):
    make_class("TN-1")
    first = csv_path(tmp_path / "a.csv", "class_code,full_name,birth_year,id_number\nTN-1,An,1990,\n")
    assert import_file(kind="trainees", path=first, user=staff).ok
    # The ID number is given later: the one An born in 1990 without one gets it.
    given = csv_path(tmp_path / "b.csv", "class_code,full_name,birth_year,id_number\nTN-1,An,1990,001090001234\n")
    result = import_file(kind="trainees", path=given, user=staff)
    assert result.ok and result.updated == 1, result.errors
    entry = AuditEntry.objects.filter(changes__has_key="id_number").get()
    assert entry.changes["id_number"] == [None, "0010******34"]
    # Found by the ID number, the birth year is corrected.
    fixed = csv_path(tmp_path / "c.csv", "class_code,full_name,birth_year,id_number\nTN-1,An,1991,001090001234\n")
    result = import_file(kind="trainees", path=fixed, user=staff)
    assert result.ok and result.updated == 1, result.errors
    entry = AuditEntry.objects.filter(changes__has_key="birth_year").get()
    assert entry.changes["birth_year"] == ["19**", "19**"]


def test_class_size_needs_the_confirm_large_option(staff, make_class, tmp_path):
    make_class("TN-BIG")
    rows = "class_code,full_name\n" + "".join(f"TN-BIG,Học viên {i}\n" for i in range(201))
    path = csv_path(tmp_path / "lon.csv", rows)
    result = import_file(kind="trainees", path=path, user=staff)
    assert [e.row for e in result.errors] == [202]
    assert "Lớp TN-BIG sẽ có 201 học viên, nhiều hơn 200" in result.errors[0].message
    assert not Trainee.objects.exists()
    rejects = tmp_path / "loi.xlsx"
    partial = import_file(kind="trainees", path=path, user=staff, valid_only=True, rejects_path=rejects)
    assert partial.written and Trainee.objects.count() == 200 and rejects.exists()
    Trainee.objects.all().delete()
    assert import_file(kind="trainees", path=path, user=staff, options=["confirm_large"]).ok
    assert Trainee.objects.count() == 201


def test_dry_run_and_command_option(staff, make_class, tmp_path):
    make_class("TN-1")
    path = csv_path(tmp_path / "hv.csv", "class_code,full_name,id_number\nTN-1,An,001090001234\n")
    dry = import_file(kind="trainees", path=path, user=staff, dry_run=True)
    assert dry.ok and dry.created == 1 and not Trainee.objects.exists()
    out = io.StringIO()
    call_command("import", "trainees", str(path), stdout=out, stderr=io.StringIO())
    assert "thêm mới 1" in out.getvalue()
    other = csv_path(tmp_path / "hv2.csv", "class_code,full_name,id_number\nTN-1,Bình,001090001234\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "trainees", str(other), stderr=err, stdout=io.StringIO())
    assert "Dòng 2, cột “Số CCCD”: Số CMND/CCCD 0010******34 đã có trong lớp (học viên An)." in err.getvalue()
    with pytest.raises(CommandError, match="không áp dụng"):
        call_command("import", "transplants", str(path), "--option", "confirm_large", stderr=io.StringIO())


def test_transplants_refuse_recognised_village_then_add_craft_and_check(staff, craft, phu_nghia, tmp_path):
    farm = make_village("V-FARM", phu_nghia)
    make_village("V-REC", phu_nghia, crafts=[craft], recognition=Recognition.LANG_NGHE, year=2010)
    path = xlsx(tmp_path / "cn.xlsx", [["village_code", "craft", "year", "sustained", "households_trained"],
                                       ["V-FARM", "mây tre đan", 2014, "có", 40],
                                       ["V-REC", "Mây tre đan", 2014, None, None]])
    result = import_file(kind="transplants", path=path, user=staff)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã làng")]
    assert "Làng V-REC đã được công nhận là làng nghề với nghề Mây tre đan" in result.errors[0].message
    assert not CraftTransplant.objects.exists() and not farm.crafts.exists()
    good = xlsx(tmp_path / "cn2.xlsx", [["Mã làng", "Nghề", "Năm", "Còn duy trì"],
                                        ["V-FARM", "Mây Tre Đan", 2014, "có"]])
    result = import_file(kind="transplants", path=good, user=staff)
    assert result.ok and result.created == 1, result.errors
    check = TransplantCheck.objects.get()
    assert check.still_practising and check.year == timezone.localdate().year
    assert craft in farm.crafts.all()
    assert AuditEntry.objects.filter(object_id=str(farm.pk), changes__has_key="crafts").exists()
    # Same key (craft compared without case/diacritics), same latest check: unchanged.
    again = import_file(kind="transplants", path=good, user=staff)
    assert again.ok and again.unchanged == 1 and TransplantCheck.objects.count() == 1
    stopped = xlsx(tmp_path / "cn3.xlsx", [["village_code", "craft", "year", "sustained"],
                                           ["V-FARM", "mây tre đan", 2014, "không"]])
    assert import_file(kind="transplants", path=stopped, user=staff).ok
    assert TransplantCheck.objects.count() == 1 and not TransplantCheck.objects.get().still_practising


def test_transplants_export_round_trip(staff, craft, phu_nghia, tmp_path):
    make_village("V-FARM", phu_nghia)
    path = csv_path(tmp_path / "cn.csv", "village_code,craft,year,sustained\nV-FARM,mây tre đan,2014,có\n")
    assert import_file(kind="transplants", path=path, user=staff).ok
    client = Client()
    client.force_login(staff)
    body = b"".join(client.get(reverse("imports:export", args=["transplants", "csv"])).streaming_content)
    out = csv_path(tmp_path / "xuat.csv", body.decode("utf-8-sig"))
    result = import_file(kind="transplants", path=out, user=staff, mode="update")
    assert result.ok and result.unchanged == 1 and result.updated == 0, result.errors


def _export(user, *, personal=False):
    client = Client()
    client.force_login(user)
    params = {"personal": "1"} if personal else {}
    response = client.get(reverse("imports:export", args=["trainees", "csv"]), params)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize("role", ["administrator", "centre_staff", "approver", "local_officer", "viewer"])
def test_trainees_export_masks_personal_data_per_role(role, make_user, filled_class):
    user = make_user(f"u_{role}", role=role, unit="01")
    plain = _export(user)
    assert "Năm sinh" not in plain[0] and "Số CCCD" not in plain[0]
    assert "Nguyễn Văn An" in {row[1] for row in plain[1:]}
    assert not any("001090001234" in cell or "1990" == cell for row in plain for cell in row)
    asked = _export(user, personal=True)
    full = role in ("administrator", "centre_staff")
    assert ("Số CCCD" in asked[0]) is full
    assert any("001090001234" in row for row in asked) is full
    assert PersonalDataAccess.objects.filter(purpose=AccessPurpose.EXPORT).exists() is full


def test_trainees_export_round_trip(staff, filled_class, tmp_path):
    rows = _export(staff, personal=True)
    employed = rows[0].index("Có việc làm")
    assert [row[employed] for row in rows[1:4]] == ["có", "không", ""]  # the latest follow-ups; Cúc has none
    out = tmp_path / "hv.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = import_file(kind="trainees", path=out, user=staff, mode="update")
    assert result.ok and result.unchanged == 4 and result.updated == 0, result.errors
    assert FollowUp.objects.count() == 4  # nothing new: each latest follow-up already says so


def test_class_page_points_to_the_framework_page(staff, make_class):
    cls = make_class("TN-1")
    client = Client()
    client.force_login(staff)
    upload = reverse("imports:upload", args=["trainees"])
    body = client.get(reverse("training:class_detail", args=[cls.pk])).content.decode()
    assert f"{upload}?class_code=TN-1" in body
    page = client.get(f"{upload}?class_code=TN-1").content.decode()
    assert "Ghi “TN-1” ở cột class_code" in page and 'name="option_confirm_large"' in page
    assert client.get(reverse("training:roster_import", args=[cls.pk])).url == f"{upload}?class_code=TN-1"
    assert client.get(reverse("training:import_file"), {"kind": "transplants"}).url == reverse(
        "imports:upload", args=["transplants"])


def test_upload_page_with_confirmation_checkbox(staff, make_class):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_class("TN-BIG")
    client = Client()
    client.force_login(staff)
    text = "class_code,full_name\n" + "".join(f"TN-BIG,Học viên {i}\n" for i in range(201))
    url = reverse("imports:upload", args=["trainees"])
    client.post(url, {"file": SimpleUploadedFile("a.csv", text.encode()), "hierarchy": "current", "mode": "upsert"})
    assert not Trainee.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("a.csv", text.encode()), "hierarchy": "current", "mode": "upsert",
                      "option_confirm_large": "1"})
    assert Trainee.objects.count() == 201
