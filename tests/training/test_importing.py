import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from khuyencong.registry.models import Craft, Recognition
from khuyencong.training.importing import import_training
from khuyencong.training.models import CraftTransplant, FollowUp, Trainee, TrainingClass, TransplantCheck
from tests.training.conftest import make_village

pytestmark = pytest.mark.django_db


def csv_file(text, name="tep.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def xlsx_file(rows, name="tep.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


CLASSES = (
    "Mã lớp;Loại lớp;Nghề;Mã xã/phường;Ngày khai giảng;Ngày kết thúc;Số học viên kế hoạch\n"
    "TN-A;Truyền nghề;Mây tre đan;10033;03/03/2014;30/05/2014;30\n"
    "CN-B;cay_nghe;Nón lá;10069;02/06/2014;29/08/2014;25\n"
)


def test_classes_import_legacy_codes_and_new_craft(staff):
    summary = import_training(kind="training_classes", upload=csv_file(CLASSES), actor=staff, hierarchy="legacy")
    assert summary.created == 2 and summary.crafts_added == ["Mây tre đan", "Nón lá"]
    a = TrainingClass.objects.get(code="TN-A")
    assert a.kind == "truyen_nghe" and a.commune.hierarchy == "legacy" and a.current_commune.code == "10030"


def test_classes_import_names_every_bad_row_and_writes_nothing(staff):
    bad = CLASSES + (
        "TN-A;truyen_nghe;Gốm;10033;01/01/2015;01/02/2015;10\n"
        "X-1;day nghe;Gốm;10033;01/01/2015;01/02/2015;\n"
        "X-2;truyen_nghe;Gốm;99999;01/03/2015;01/02/2015;\n"
        "X-3;truyen_nghe;Gốm;10033;01/03/2015;01/02/2015;\n"
        "X-4;truyen_nghe;Gốm;10033;01/03/2015;31/13/2015;\n"
        "X-5;truyen_nghe;Gốm;10033;01/03/2015;01/04/2015;250\n"
    )
    with pytest.raises(ValidationError) as exc:
        import_training(kind="training_classes", upload=csv_file(bad), actor=staff, hierarchy="legacy")
    text = "\n".join(exc.value.messages)
    assert "Dòng 4: lớp mã “TN-A” đã có." in text  # row 2 created it earlier in the same file
    assert "Dòng 5: loại lớp “day nghe” không rõ" in text
    assert "Dòng 6: Không tìm thấy đơn vị có mã “99999”" in text
    assert "Dòng 7: Ngày kết thúc (01/02/2015) trước ngày khai giảng (01/03/2015)." in text
    assert "Dòng 8: ngày “31/13/2015” không đúng dạng dd/mm/yyyy" in text
    assert "Dòng 9: Lớp dự kiến 250 học viên, nhiều hơn 200" in text
    assert "Không ghi dòng nào" in text
    assert not TrainingClass.objects.exists() and not Craft.objects.exists()


def test_trainee_import_with_unknown_class_code_writes_nothing(staff, make_class):
    make_class("TN-1")
    upload = xlsx_file([
        ["class_code", "full_name", "birth_year", "gender", "completed", "employed", "id_number"],
        ["TN-1", "Nguyễn Văn An", 1990, "Nam", "có", "có", "001090001234"],
        ["TN-KHONG-CO", "Trần Thị Bình", 1991, "Nữ", "có", None, None],
        ["TN-1", "Lê Văn Cường", 1992, "Nam", "có", None, "001090001234"],
        ["TN-1", "Phạm Dũng", "1880", "Nam", "không", "có", None],
    ])
    with pytest.raises(ValidationError) as exc:
        import_training(kind="trainees", upload=upload, actor=staff)
    text = "\n".join(exc.value.messages)
    assert "Dòng 3: không có lớp mã “TN-KHONG-CO” (trong địa bàn của bạn)." in text
    assert "Dòng 4: Số CMND/CCCD 0010******34 đã có trong lớp (học viên Nguyễn Văn An)." in text
    assert "Dòng 5: năm sinh 1880 không hợp lệ" in text
    assert "Dòng 2" not in text
    assert not Trainee.objects.exists() and not FollowUp.objects.exists()


def test_trainee_import_writes_latest_employment(staff, make_class):
    cls = make_class("TN-1")
    upload = csv_file("class_code,full_name,birth_year,completed,employed\n"
                      "TN-1,An,1990,có,có\nTN-1,Bình,2005,có,không\n")
    summary = import_training(kind="trainees", upload=upload, actor=staff)
    assert summary.created == 2 and summary.follow_ups == 2
    assert summary.warnings and summary.warnings[0].startswith("Dòng 3: Bình sinh năm 2005, 9 tuổi")
    assert cls.trainees.filter(completed=True).count() == 2
    assert FollowUp.objects.get(employed=True).date == cls.follow_up_due_on


def test_trainee_import_out_of_scope_class_looks_missing(make_user, make_class, ba_dinh):
    make_class("TN-BD", commune=ba_dinh)
    officer = make_user("phunghia_staff", role="centre_staff", unit="10030")
    with pytest.raises(ValidationError) as exc:
        import_training(kind="trainees", upload=csv_file("class_code,full_name\nTN-BD,An\n"), actor=officer)
    assert "không có lớp mã “TN-BD”" in exc.value.messages[0]


def test_transplant_import(staff, craft, phu_nghia):
    farm = make_village("V-FARM", phu_nghia)
    make_village("V-REC", phu_nghia, crafts=[craft], recognition=Recognition.LANG_NGHE, year=2010)
    bad = "village_code,craft,year,sustained,check_year\nV-FARM,mây tre đan,2014,có,2016\nV-REC,Mây tre đan,2014,,\n"
    with pytest.raises(ValidationError) as exc:
        import_training(kind="transplants", upload=csv_file(bad), actor=staff)
    assert "Dòng 3: Làng V-REC đã được công nhận là làng nghề với nghề Mây tre đan" in exc.value.messages[0]
    assert not CraftTransplant.objects.exists() and not farm.crafts.exists()
    summary = import_training(kind="transplants", upload=csv_file(bad.rsplit("V-REC", 1)[0]), actor=staff)
    assert summary.created == 1 and summary.checks == 1
    assert TransplantCheck.objects.get().year == 2016
    assert craft in farm.crafts.all()


def test_dry_run_writes_nothing(staff):
    summary = import_training(kind="training_classes", upload=csv_file(CLASSES), actor=staff, hierarchy="legacy",
                              dry_run=True)
    assert summary.created == 2 and "Chạy thử: chưa ghi gì." in summary.lines()
    assert not TrainingClass.objects.exists()


def test_header_errors():
    with pytest.raises(ValidationError) as exc:
        import_training(kind="trainees", upload=csv_file("ma lop,ten\nX,Y\n"), actor=None)
    text = "\n".join(exc.value.messages)
    assert "Dòng 1: không biết cột “ten”." in text
    assert "Dòng 1: thiếu cột bắt buộc full_name (“Họ tên”)." in text


def test_command(staff, tmp_path):
    path = tmp_path / "lop.csv"
    path.write_text(CLASSES, encoding="utf-8")
    out = io.StringIO()
    call_command("import_training", "training_classes", str(path), "--user", "canbo", "--hierarchy", "legacy",
                 stdout=out)
    assert "Đã thêm 2 dòng" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_training", "training_classes", str(path), "--user", "canbo", "--hierarchy", "legacy",
                     stderr=err)
    assert "Dòng 2: lớp mã “TN-A” đã có." in err.getvalue()


def test_import_page(client, staff, make_user):
    client.force_login(staff)
    url = reverse("training:import_file")
    assert client.get(url, {"template": "trainees"})["Content-Type"].startswith("application/vnd.openxml")
    response = client.post(url, {"kind": "training_classes", "hierarchy": "legacy", "file": csv_file(CLASSES)})
    assert "Đã thêm 2 dòng" in response.content.decode()
    response = client.post(url, {"kind": "training_classes", "hierarchy": "legacy", "file": csv_file(CLASSES)})
    assert response.status_code == 400 and "Dòng 3: lớp mã “CN-B” đã có." in response.content.decode()
    client.force_login(make_user("xem", role="viewer"))
    assert client.get(url).status_code == 403
