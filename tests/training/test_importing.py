import pytest
from django.urls import reverse

from khuyencong.training.models import TrainingClass

pytestmark = pytest.mark.django_db


CLASSES = (
    "Mã lớp;Loại lớp;Nghề;Mã xã/phường;Ngày khai giảng;Ngày kết thúc;Số học viên kế hoạch\n"
    "TN-A;Truyền nghề;Mây tre đan;10033;03/03/2014;30/05/2014;30\n"
    "CN-B;cay_nghe;Nón lá;10069;02/06/2014;29/08/2014;25\n"
)


def framework_import(tmp_path, text, **options):
    from khuyencong.imports.services.runs import import_file

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
    from khuyencong.imports.services.runs import import_file

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
