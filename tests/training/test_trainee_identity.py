"""Trainees are people, and people share names: within a class the ID number identifies a trainee when there is
one, else the full name and birth year; namesakes are two trainees, in the import and in the roster forms."""

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.imports.services.runs import import_file
from khuyencong.training.models import Trainee
from khuyencong.training.services.trainees import roster_paste, trainee_add

pytestmark = pytest.mark.django_db

HOA_1 = "001190000001"
HOA_2 = "001190000002"


def csv_file(path, *lines):
    path.write_text("\n".join(["class_code,full_name,birth_year,id_number,completed", *lines]) + "\n",
                    encoding="utf-8")
    return path


def hoas(cls):
    return sorted(Trainee.objects.filter(training_class=cls, full_name="Nguyễn Thị Hoa")
                  .values_list("birth_year", "id_number", "completed"), key=str)


def test_namesakes_with_their_own_id_numbers_import_as_two_trainees(staff, make_class, tmp_path):
    cls = make_class("TN-1")
    path = csv_file(tmp_path / "hv.csv", f"TN-1,Nguyễn Thị Hoa,1990,{HOA_1},có",
                    f"TN-1,Nguyễn Thị Hoa,1990,{HOA_2},không")
    result = import_file(kind="trainees", path=path, user=staff, mode="create")
    assert result.ok and result.created == 2 and not result.warnings, (result.errors, result.warnings)
    assert hoas(cls) == [(1990, HOA_1, True), (1990, HOA_2, False)]
    # Again, in upsert: each row finds its own trainee by the ID number, nothing changes.
    again = import_file(kind="trainees", path=path, user=staff)
    assert again.ok and again.unchanged == 2 and again.created == 0, again.errors
    # The ID number is the identity: one Hoa's completion is updated, not the other's.
    fix = csv_file(tmp_path / "fix.csv", f"TN-1,Nguyễn Thị Hoa,1990,{HOA_2},có")
    updated = import_file(kind="trainees", path=fix, user=staff, mode="update")
    assert updated.ok and updated.updated == 1, updated.errors
    assert hoas(cls) == [(1990, HOA_1, True), (1990, HOA_2, True)]


def test_an_id_number_is_filled_in_for_the_one_trainee_without_it(staff, make_class, tmp_path):
    cls = make_class("TN-1")
    assert import_file(kind="trainees", path=csv_file(tmp_path / "a.csv", "TN-1,Nguyễn Thị Hoa,1990,,"),
                       user=staff).ok
    result = import_file(kind="trainees", path=csv_file(tmp_path / "b.csv", f"TN-1,Nguyễn Thị Hoa,1990,{HOA_1},"),
                         user=staff)
    assert result.ok and result.updated == 1 and result.created == 0, result.errors
    assert hoas(cls) == [(1990, HOA_1, False)]


def test_namesakes_without_id_numbers_warn_on_create_and_fail_on_update(staff, make_class, tmp_path):
    cls = make_class("TN-1")
    path = csv_file(tmp_path / "hv.csv", "TN-1,Trần Văn Nam,1985,,có", "TN-1,Nguyễn Thị Hoa,1990,,có",
                    "TN-1,Nguyễn Thị Hoa,1990,,không")
    created = import_file(kind="trainees", path=path, user=staff, mode="create")
    assert created.ok and created.created == 3, created.errors
    assert [w for w in created.warnings if "Nguyễn Thị Hoa" in w] == [
        "Dòng 3 và dòng 4 cùng Mã lớp + Họ tên + Năm sinh (“TN-1 / Nguyễn Thị Hoa / 1990”), không có Số CCCD để "
        "phân biệt: ghi thành hai học viên. Nếu là một người, hãy xoá một dòng."]
    assert hoas(cls) == [(1990, None, False), (1990, None, True)]
    # In update mode the match would be ambiguous: both rows are refused, each naming both rows; nothing is written.
    update = import_file(kind="trainees", path=path, user=staff, mode="update")
    assert not update.ok and not update.written
    errors = {e.row: (e.column, e.message) for e in update.errors}
    assert sorted(errors) == [3, 4]
    for column, message in errors.values():
        assert column == "Số CCCD"
        assert message == ("Dòng 3 và dòng 4 cùng Mã lớp + Họ tên + Năm sinh (“TN-1 / Nguyễn Thị Hoa / 1990”), không "
                           "có Số CCCD để phân biệt: không biết dòng nào là học viên nào. Ghi Số CCCD cho từng dòng.")
    assert hoas(cls) == [(1990, None, False), (1990, None, True)]


def test_one_row_for_two_namesakes_in_the_class_is_ambiguous(staff, make_class, tmp_path):
    cls = make_class("TN-1")
    roster_paste(actor=staff, training_class=cls, text="Nguyễn Thị Hoa; 1990\nNguyễn Thị Hoa; 1990\n")
    result = import_file(kind="trainees", path=csv_file(tmp_path / "a.csv", "TN-1,Nguyễn Thị Hoa,1990,,có"),
                         user=staff)
    assert not result.ok
    assert result.errors[0].message.startswith("Có 2 học viên cùng Mã lớp + Họ tên + Năm sinh")
    # With an ID number it is still unclear which of the two it is.
    with_id = import_file(kind="trainees", path=csv_file(tmp_path / "b.csv", f"TN-1,Nguyễn Thị Hoa,1990,{HOA_1},"),
                          user=staff)
    assert not with_id.ok and "chưa có Số CCCD" in with_id.errors[0].message
    assert hoas(cls) == [(1990, None, False), (1990, None, False)]


def test_an_id_number_of_another_trainee_is_still_refused(staff, make_class, tmp_path):
    make_class("TN-1")
    assert import_file(kind="trainees", path=csv_file(tmp_path / "a.csv", f"TN-1,An,1990,{HOA_1},"), user=staff).ok
    result = import_file(kind="trainees", path=csv_file(tmp_path / "b.csv", f"TN-1,Bình,1991,{HOA_1},"), user=staff)
    assert not result.ok
    assert result.errors[0].message == "Số CMND/CCCD 0011******01 đã có trong lớp (học viên An)."


def test_roster_forms_accept_namesakes_with_their_own_id_numbers(staff, make_class):
    cls = make_class("TN-1")
    client = Client()
    client.force_login(staff)
    url = reverse("training:trainee_add", args=[cls.pk])
    for number in (HOA_1, HOA_2):
        response = client.post(url, {"full_name": "Nguyễn Thị Hoa", "birth_year": "1990", "gender": "female",
                                     "id_number": number})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert hoas(cls) == [(1990, HOA_1, False), (1990, HOA_2, False)]
    other = make_class("TN-2")
    result = roster_paste(actor=staff, training_class=other, text=(
        f"Nguyễn Thị Hoa; 1990; nữ; {HOA_1}\nNguyễn Thị Hoa; 1990; nữ; {HOA_2}\n"))
    assert len(result.trainees) == 2 and not result.warnings
    assert hoas(other) == [(1990, HOA_1, False), (1990, HOA_2, False)]


def test_roster_forms_warn_about_namesakes_without_id_numbers(staff, make_class):
    cls = make_class("TN-1")
    pasted = roster_paste(actor=staff, training_class=cls, text="Nguyễn Thị Hoa; 1990\nNguyễn Thị Hoa; 1990; nữ\n")
    assert len(pasted.trainees) == 2
    assert pasted.warnings == ["Dòng 2: Nguyễn Thị Hoa sinh năm 1990 trùng họ tên và năm sinh với dòng 1, không có "
                               "số CMND/CCCD để phân biệt: đã thêm thành hai học viên. Nếu là một người, hãy xoá "
                               "người thừa khỏi danh sách."]
    added = trainee_add(actor=staff, training_class=cls, full_name="Nguyễn Thị Hoa", birth_year=1990,
                        id_number=HOA_1)
    assert added.warnings == ["Nguyễn Thị Hoa sinh năm 1990 trùng họ tên và năm sinh với học viên đã có trong lớp, "
                              "không có số CMND/CCCD để phân biệt: đã thêm thành hai học viên. Nếu là một người, "
                              "hãy xoá người thừa khỏi danh sách."]
    assert Trainee.objects.filter(training_class=cls).count() == 3


def test_two_rows_for_one_trainee_without_id_numbers_are_both_refused(staff, make_class, tmp_path):
    """The first row alone would match; the second makes it unclear which row is that trainee: both are refused,
    also with --valid-only (the first row leaves the plans and goes to the rejects file with its cells)."""
    cls = make_class("TN-1")
    assert import_file(kind="trainees", path=csv_file(tmp_path / "a.csv", "TN-1,Nguyễn Thị Hoa,1990,,"),
                       user=staff).ok
    path = csv_file(tmp_path / "b.csv", "TN-1,Nguyễn Thị Hoa,1990,,có", "TN-1,Lê Văn Ba,1980,,có",
                    "TN-1,Nguyễn Thị Hoa,1990,,không")
    rejects = tmp_path / "loi.xlsx"
    result = import_file(kind="trainees", path=path, user=staff, valid_only=True, rejects_path=rejects)
    assert result.written and result.created == 1 and result.updated == 0 and result.valid_rows == 1
    assert [(e.row, e.message[:17]) for e in result.errors] == [(2, "Dòng 2 và dòng 4 "), (4, "Dòng 2 và dòng 4 ")]
    from openpyxl import load_workbook

    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert [row[:3] for row in rows[1:]] == [(2, "TN-1", "Nguyễn Thị Hoa"), (4, "TN-1", "Nguyễn Thị Hoa")]
    assert hoas(cls) == [(1990, None, False)]


def test_a_repeated_identity_is_refused_by_the_engine_too(staff, make_class, tmp_path):
    """Without the trainees kind's own rules the engine still refuses two rows with one identity."""
    from khuyencong.imports.kinds import KINDS, Kind, register

    trainees = KINDS["trainees"]
    register(Kind(key="test_people", label="Người", model=Trainee, columns=[
        trainees.column(k) for k in ("class_code", "full_name", "birth_year", "id_number", "completed")],
        key_columns=trainees.key_columns, identity_columns=trainees.identity_columns, scope_column="class_code"))
    try:
        make_class("TN-1")
        path = csv_file(tmp_path / "a.csv", f"TN-1,An,1990,{HOA_1},", f"TN-1,Bình,1991,{HOA_1},")
        result = import_file(kind="test_people", path=path, user=staff)
    finally:
        KINDS.pop("test_people")
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "Số CCCD", "Trùng Mã lớp + Số CCCD với dòng 2 trong cùng tệp.")]
    assert not Trainee.objects.exists()
