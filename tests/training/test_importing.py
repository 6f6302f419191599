import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from khuyencong.registry.models import Recognition
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


def framework_import(tmp_path, text, **options):
    from khuyencong.imports.services import import_file

    path = tmp_path / "lop.csv"
    path.write_text(text, encoding="utf-8")
    return import_file(kind="training_classes", path=path, **options)


def test_classes_kind_is_registered_with_the_framework():
    from khuyencong.imports.kinds import get_kind

    kind = get_kind("training_classes")
    assert kind.model is TrainingClass and kind.key_columns == ("code",)


def test_classes_import_legacy_codes_and_new_craft(staff, tmp_path):
    result = framework_import(tmp_path, CLASSES, user=staff, hierarchy="legacy")
    assert result.ok and result.created == 2, result.errors
    assert sorted(result.crafts_added) == ["Mây tre đan", "Nón lá"]
    a = TrainingClass.objects.get(code="TN-A")
    assert a.kind == "truyen_nghe" and a.commune.hierarchy == "legacy" and a.current_commune.code == "10030"
    assert a.follow_up_due_on.isoformat() == "2014-11-30" and a.craft.name == "Mây tre đan"


def test_classes_import_names_every_bad_row_and_writes_nothing(staff, tmp_path):
    from khuyencong.projects.models import Project

    Project.objects.create(code="DA-HC", title="Hội chợ", activity="products", funding_source="local",
                           plan_year=2014)
    bad = (
        "code;kind;craft;commune_code;start;end;planned_trainees;project_code\n"
        "X-1;day nghe;Gốm;10033;01/01/2015;01/02/2015;;\n"
        "X-2;truyen_nghe;Gốm;99999;01/03/2015;01/04/2015;;\n"
        "X-3;truyen_nghe;Gốm;10033;01/03/2015;01/02/2015;;\n"
        "X-4;truyen_nghe;Gốm;10033;01/03/2015;01/04/2015;250;\n"
        "X-5;truyen_nghe;Gốm;10033;01/03/2015;01/04/2015;;DA-HC\n"
        "X-6;truyen_nghe;Gốm;10033;01/03/2015;01/04/2015;;\n"
    )
    result = framework_import(tmp_path, bad, user=staff, hierarchy="legacy")
    errors = {e.row: e.message for e in result.errors}
    assert "không có trong danh sách" in errors[2]
    assert "Không có xã/phường mã “99999”" in errors[3]
    assert errors[4] == "Ngày kết thúc (01/02/2015) trước ngày khai giảng (01/03/2015)."
    assert "Lớp dự kiến 250 học viên, nhiều hơn 200" in errors[5]
    assert "chỉ đề án đào tạo nghề" in errors[6]
    assert 7 not in errors
    assert not result.written and not TrainingClass.objects.exists()


def test_classes_import_is_scoped(make_user, tmp_path):
    officer = make_user("bd", role="centre_staff", unit="00004")
    result = framework_import(tmp_path, CLASSES, user=officer, hierarchy="legacy")
    assert not result.ok and {e.row for e in result.errors} == {2, 3}
    assert not TrainingClass.objects.exists()


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


def test_dry_run_writes_nothing(staff, make_class):
    make_class("TN-1")
    summary = import_training(kind="trainees", upload=csv_file("class_code,full_name\nTN-1,An\n"), actor=staff,
                              dry_run=True)
    assert summary.created == 1 and "Chạy thử: chưa ghi gì." in summary.lines()
    assert not Trainee.objects.exists()


def test_header_errors():
    with pytest.raises(ValidationError) as exc:
        import_training(kind="trainees", upload=csv_file("ma lop,ten\nX,Y\n"), actor=None)
    text = "\n".join(exc.value.messages)
    assert "Dòng 1: không biết cột “ten”." in text
    assert "Dòng 1: thiếu cột bắt buộc full_name (“Họ tên”)." in text


def test_command(staff, make_class, tmp_path):
    make_class("TN-1")
    path = tmp_path / "hv.csv"
    path.write_text("class_code,full_name,id_number\nTN-1,An,001090001234\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_training", "trainees", str(path), "--user", "canbo", stdout=out)
    assert "Đã thêm 1 dòng" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_training", "trainees", str(path), "--user", "canbo", stderr=err)
    assert "Dòng 2: Số CMND/CCCD 0010******34 đã có trong lớp (học viên An)." in err.getvalue()


def test_import_page(client, staff, make_user, make_class):
    make_class("TN-1")
    client.force_login(staff)
    url = reverse("training:import_file")
    assert client.get(url, {"template": "trainees"})["Content-Type"].startswith("application/vnd.openxml")
    body = client.get(url).content.decode()
    assert reverse("imports:upload", args=["training_classes"]) in body
    response = client.post(url, {"kind": "trainees", "hierarchy": "current",
                                 "file": csv_file("class_code,full_name\nTN-1,An\nTN-2,Bình\n")})
    assert response.status_code == 400 and "Dòng 3: không có lớp mã “TN-2”" in response.content.decode()
    response = client.post(url, {"kind": "trainees", "hierarchy": "current",
                                 "file": csv_file("class_code,full_name\nTN-1,An\n")})
    assert "Đã thêm 1 dòng" in response.content.decode()
    client.force_login(make_user("xem", role="viewer"))
    assert client.get(url).status_code == 403


def test_framework_pages_for_training_classes(client, staff, make_class):
    make_class("TN-EXP")
    client.force_login(staff)
    assert client.get(reverse("imports:upload", args=["training_classes"])).status_code == 200
    template = client.get(reverse("imports:template", args=["training_classes"]))
    assert template.status_code == 200
    export = client.get(reverse("imports:export", args=["training_classes", "csv"]))
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "TN-EXP" in body and "Mây tre đan" in body


def test_classes_export_round_trips_and_partial_update(staff, filled_class, tmp_path):
    from django.test import Client

    from khuyencong.imports.kinds import get_kind
    from khuyencong.imports.services import import_file

    client = Client()
    client.force_login(staff)
    export = client.get(reverse("imports:export", args=["training_classes", "csv"]))
    client_rows = b"".join(export.streaming_content).decode("utf-8-sig")
    path = tmp_path / "xuat.csv"
    path.write_text(client_rows, encoding="utf-8")
    result = import_file(kind="training_classes", path=path, user=staff, mode="update")
    assert result.ok and result.unchanged == 1 and result.updated == 0, result.errors
    partial = tmp_path / "sua.csv"
    partial.write_text("code,teachers\nTN-2014-01,Nghệ nhân Nguyễn Văn Hải\n", encoding="utf-8")
    result = import_file(kind="training_classes", path=partial, user=staff, mode="update")
    assert result.ok and result.updated == 1, result.errors
    filled_class.refresh_from_db()
    assert filled_class.teachers == "Nghệ nhân Nguyễn Văn Hải"
    assert filled_class.follow_up_due_on.isoformat() == "2014-12-30"
    moved = tmp_path / "ngay.csv"
    moved.write_text("code,start,end\nTN-2014-01,01/03/2014,01/12/2014\n", encoding="utf-8")
    result = import_file(kind="training_classes", path=moved, user=staff, mode="update")
    assert not result.ok and "trước ngày kết thúc 01/12/2014" in result.errors[0].message
    assert get_kind("training_classes").derive is not None
