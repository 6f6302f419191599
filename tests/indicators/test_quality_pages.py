"""The data-quality page: scoped to the user's units, filtered by rule and state, each flag linking to where its
figure is entered; marking a flag checked (CSRF, role, scope, a required comment, audited, history on the
flag); open flags shown on the class, village and project pages and in the data-entry grid cell."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.core.audit import audit_history
from khuyencong.indicators.models import DataElement, DataValue, FlagState, QualityFlag
from khuyencong.indicators.quality import scan
from khuyencong.projects.models import Project
from khuyencong.registry.models import CraftVillage, CraftVillageYear
from khuyencong.training.models import Trainee, TrainingClass
from tests.indicators.conftest import located, unit

PAGE = reverse("indicators:quality")
B = 1_000_000_000


@pytest.fixture
def bad(world):
    """Bad records in Phú Nghĩa (the officer's commune) and in Ba Đình (outside it), then a scan."""
    w = world
    w.bad_class = TrainingClass.objects.get(code="K6")  # Phú Nghĩa
    TrainingClass.objects.filter(pk=w.bad_class.pk).update(cost=57 * B)
    w.far_class = TrainingClass.objects.get(code="K7")  # Ba Đình
    TrainingClass.objects.filter(pk=w.far_class.pk).update(planned_trainees=1)
    Trainee.objects.bulk_create([Trainee(training_class=w.far_class, full_name=f"X{i}") for i in range(3)])
    w.bad_project = Project.objects.get(code="P5")  # Phú Nghĩa
    Project.objects.filter(pk=w.bad_project.pk).update(counterpart_funds=-20_000_000)
    w.village = CraftVillage.objects.get(code="V2")  # Phú Nghĩa
    CraftVillageYear.objects.create(village=w.village, year=2016, production_value=90_000_000_000)
    w.bad_value = DataValue.objects.create(element=DataElement.objects.get(code="cnnt_production_value"),
                                           unit=unit("10030"), year=2016, value=Decimal(-7))
    scan()
    w.flag = QualityFlag.objects.get(training_class=w.bad_class)
    w.far_flag = QualityFlag.objects.get(training_class=w.far_class)
    return w


def test_the_page_lists_the_flags_of_the_users_units(client, people, bad):
    client.force_login(people.officer)  # Phú Nghĩa
    response = client.get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chất lượng số liệu" in body and "4 cảnh báo" in body
    assert "57 tỷ đồng cho một lớp" in body and "Vốn đối ứng: -20 triệu đồng".lower() in body.lower()
    assert "tăng 18 lần" in body and "âm (-7)" in body
    assert "K7 — " not in body  # Ba Đình's class
    for url in (reverse("training:class_detail", args=[bad.bad_class.pk]),
                reverse("projects:project_detail", args=[bad.bad_project.pk]),
                reverse("registry:village_detail", args=[bad.village.pk]) + "#years"):
        assert f'href="{url}"' in body
        assert client.get(url).status_code == 200  # every link shown opens for her
    assert "/chi-tieu/so-lieu/?unit_code=10030&amp;unit_hierarchy=current&amp;period=2016#cell-" in body
    client.force_login(people.staff)  # Hà Nội: all five
    assert "5 cảnh báo" in client.get(PAGE).content.decode()


def test_filters_by_rule_and_state(client, people, bad):
    client.force_login(people.staff)
    body = client.get(PAGE, {"rule": "oversize"}).content.decode()
    assert "1 cảnh báo" in body and "K7 — " in body and "K6 — " not in body
    body = client.get(PAGE, {"state": "checked"}).content.decode()
    assert "0 cảnh báo" in body and "Không có cảnh báo nào." in body


@pytest.mark.parametrize("params", [{"rule": "bogus"}, {"state": "closed"}])
def test_an_unknown_filter_value_gets_a_message(client, people, bad, params):
    client.force_login(people.staff)
    response = client.get(PAGE, params)
    assert response.status_code == 400
    value = next(iter(params.values()))
    assert f"“{value}” không phải là lựa chọn có trong danh sách" in response.content.decode()


def test_the_list_pages(client, people, bad):
    client.force_login(people.staff)
    body = client.get(PAGE, {"page": "1"}).content.decode()
    assert "Trang 1" in body and "Trang sau" not in body
    assert client.get(PAGE, {"page": "x"}).status_code == 200


def test_mark_checked_with_a_comment_is_audited(client, people, bad):
    client.force_login(people.officer)
    url = reverse("indicators:flag_check", args=[bad.flag.pk])
    response = client.post(url, {"comment": "Đã đối chiếu hồ sơ: số đúng là 57 triệu, đã sửa kinh phí lớp."})
    assert response.status_code == 302
    bad.flag.refresh_from_db()
    assert bad.flag.state == FlagState.CHECKED and bad.flag.checked_by == people.officer
    assert bad.flag.comment.startswith("Đã đối chiếu hồ sơ")
    [entry] = audit_history(bad.flag)
    assert entry.actor == people.officer and entry.changes["state"] == ["Chưa kiểm tra", "Đã kiểm tra"]
    body = client.get(reverse("indicators:flag_detail", args=[bad.flag.pk])).content.decode()
    assert "Lịch sử thay đổi" in body and "Chưa kiểm tra → Đã kiểm tra" in body
    assert "Đã đối chiếu hồ sơ" in body and "Đánh dấu đã kiểm tra" not in body  # no second check
    assert client.post(url, {"comment": "lại"}).status_code == 403  # already checked


def test_a_comment_is_required(client, people, bad):
    client.force_login(people.approver)
    response = client.post(reverse("indicators:flag_check", args=[bad.flag.pk]), {"comment": "   "})
    assert response.status_code == 400
    assert "Ghi nhận xét: đã kiểm tra gì, số liệu đúng hay đã sửa ở đâu." in response.content.decode()
    bad.flag.refresh_from_db()
    assert bad.flag.state == FlagState.OPEN and not audit_history(bad.flag).exists()


def test_out_of_scope_and_wrong_role_are_refused(client, people, make_user, bad):
    client.force_login(people.officer)  # Phú Nghĩa: Ba Đình's flag does not exist for her
    assert client.get(reverse("indicators:flag_detail", args=[bad.far_flag.pk])).status_code == 404
    assert client.post(reverse("indicators:flag_check", args=[bad.far_flag.pk]),
                       {"comment": "x"}).status_code == 404
    client.force_login(people.viewer)  # sees it, may not mark it
    detail = client.get(reverse("indicators:flag_detail", args=[bad.flag.pk]))
    assert detail.status_code == 200 and "Đánh dấu đã kiểm tra" not in detail.content.decode()
    response = client.post(reverse("indicators:flag_check", args=[bad.flag.pk]), {"comment": "x"}, follow=False)
    assert response.status_code == 403
    bad.flag.refresh_from_db()
    assert bad.flag.state == FlagState.OPEN
    assert client.get(reverse("indicators:flag_check", args=[bad.flag.pk])).status_code == 405


def test_marking_checked_needs_the_csrf_token(people, bad):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.staff)
    url = reverse("indicators:flag_check", args=[bad.flag.pk])
    assert client.post(url, {"comment": "x"}).status_code == 403
    page = client.get(reverse("indicators:flag_detail", args=[bad.flag.pk]))
    token = page.context["csrf_token"]
    assert client.post(url, {"comment": "Đúng", "csrfmiddlewaretoken": str(token)}).status_code == 302


def test_open_flags_show_on_the_record_pages_and_in_the_grid(client, people, bad):
    client.force_login(people.officer)
    for url, text, flag in (
            (reverse("training:class_detail", args=[bad.bad_class.pk]), "57 tỷ đồng cho một lớp", bad.flag),
            (reverse("projects:project_detail", args=[bad.bad_project.pk]), "-20 triệu đồng",
             QualityFlag.objects.get(project=bad.bad_project)),
            (reverse("registry:village_detail", args=[bad.village.pk]), "tăng 18 lần",
             QualityFlag.objects.get(village_year__village=bad.village))):
        body = client.get(url).content.decode()
        assert "Cảnh báo chất lượng số liệu" in body and text in body, url
        assert reverse("indicators:flag_detail", args=[flag.pk]) in body
    grid = client.get(reverse("indicators:data_entry"), {"unit_code": "10030", "period": "2016"}).content.decode()
    value_flag = QualityFlag.objects.get(data_value=bad.bad_value)
    assert reverse("indicators:flag_detail", args=[value_flag.pk]) in grid and "Giá trị âm" in grid
    # a checked flag leaves the page
    client.post(reverse("indicators:flag_check", args=[bad.flag.pk]), {"comment": "Đã sửa"})
    body = client.get(reverse("training:class_detail", args=[bad.bad_class.pk])).content.decode()
    assert "Cảnh báo chất lượng số liệu" not in body
    # a clean record shows no section
    clean = TrainingClass.objects.get(code="K3")
    assert "Cảnh báo chất lượng số liệu" not in client.get(
        reverse("training:class_detail", args=[clean.pk])).content.decode()


def test_a_record_moved_to_another_commune_moves_its_flag(client, people, bad):
    TrainingClass.objects.filter(pk=bad.bad_class.pk).update(**located(unit("00004")))
    client.force_login(people.officer)
    assert client.get(reverse("indicators:flag_detail", args=[bad.flag.pk])).status_code == 404
    assert "57 tỷ đồng" not in client.get(PAGE).content.decode()


def test_home_menu_badge_counts_open_flags(client, people, bad):
    client.force_login(people.officer)
    body = client.get(reverse("core:home")).content.decode()
    assert "4 cảnh báo số liệu chưa kiểm tra" in body
    client.force_login(people.viewer)  # nothing to do for a viewer
    assert "cảnh báo số liệu chưa kiểm tra" not in client.get(reverse("core:home")).content.decode()
