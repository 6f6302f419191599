"""Reported data: states and the lock, the grid with htmx cells, bad input refused with the reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.core.audit import audit_history
from khuyencong.core.models import AuditAction
from khuyencong.geo.selectors import unit_get
from khuyencong.indicators.models import DataElement, DataValue, ValueState
from khuyencong.indicators.services.data_values import (
    data_value_approve,
    data_value_save,
    data_value_submit,
    data_value_unlock,
)

GRID = reverse("indicators:data_entry")
SAVE = reverse("indicators:cell_save")


@pytest.fixture
def hanoi(db):
    return unit_get(code="01")


@pytest.fixture
def exports(db):
    return DataElement.objects.get(code="handicraft_exports_usd")


@pytest.fixture
def approved(people, hanoi, exports):
    value = data_value_save(actor=people.staff, element=exports, unit=hanoi, year=2015, value=Decimal(250_000_000))
    value = data_value_submit(actor=people.staff, value=value)
    return data_value_approve(actor=people.approver, value=value)


def cell(element, unit, year, value, **extra):
    return {"element": element.code, "unit": unit.pk, "year": year, "value": value, "period": "2014-2016", **extra}


def test_draft_submitted_approved_locked_unlocked(people, hanoi, exports, approved):
    assert approved.state == ValueState.APPROVED and approved.approved_by == people.approver
    assert approved.entered_by == people.staff
    with pytest.raises(ValidationError) as refused:
        data_value_save(actor=people.staff, element=exports, unit=hanoi, year=2015, value=Decimal(1))
    assert "Trần Văn Minh duyệt nên bị khoá" in refused.value.messages[0]
    assert "nhờ Lãnh đạo phê duyệt mở khoá" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="Chỉ Lãnh đạo phê duyệt"):
        data_value_unlock(actor=people.staff, value=approved, reason="sửa số")
    with pytest.raises(ValidationError):
        data_value_unlock(actor=people.approver, value=approved, reason="  ")
    unlocked = data_value_unlock(actor=people.approver, value=approved, reason="Cục Thống kê điều chỉnh số liệu")
    assert unlocked.state == ValueState.DRAFT and unlocked.approved_by is None
    changed = data_value_save(actor=people.staff, element=exports, unit=hanoi, year=2015, value=Decimal(251_000_000))
    assert changed.value == 251_000_000 and changed.state == ValueState.DRAFT
    entries = list(audit_history(approved).order_by("at", "pk"))
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.TRANSITION, AuditAction.TRANSITION,
                                          AuditAction.TRANSITION, AuditAction.UPDATE]
    unlock = entries[3]
    assert unlock.actor == people.approver
    assert unlock.summary == "Mở khoá: Cục Thống kê điều chỉnh số liệu"
    assert unlock.changes["unlock_reason"] == [None, "Cục Thống kê điều chỉnh số liệu"]
    assert unlock.changes["state"] == ["Đã duyệt", "Nháp"]


def test_only_a_submitted_value_is_approved(people, hanoi, exports):
    value = data_value_save(actor=people.staff, element=exports, unit=hanoi, year=2016, value=Decimal(5))
    with pytest.raises(ValidationError, match="đã gửi duyệt"):
        data_value_approve(actor=people.approver, value=value)
    with pytest.raises(ValidationError, match="Chỉ Quản trị hệ thống, Cán bộ Trung tâm, Cán bộ địa phương"):
        data_value_save(actor=people.viewer, element=exports, unit=hanoi, year=2016, value=Decimal(5))
    with pytest.raises(ValidationError, match="nằm ngoài địa bàn"):
        data_value_save(actor=people.officer, element=exports, unit=hanoi, year=2016, value=Decimal(5))


def test_grid_shows_every_element_and_year_with_states(client, people, hanoi, approved):
    client.force_login(people.staff)
    body = client.get(GRID, {"unit_code": "01", "unit_hierarchy": "current", "period": "2014-2016"}).content.decode()
    for element in DataElement.objects.all():
        for year in (2014, 2015, 2016):
            assert f'id="cell-{element.code}-{year}"' in body
    assert 'value="250.000.000" disabled' in body  # approved: shown, not editable
    assert "Đã duyệt · khoá" in body


def test_htmx_cell_save_and_text_refused(client, people, hanoi, exports):
    client.force_login(people.staff)
    response = client.post(SAVE, cell(exports, hanoi, 2016, "1.350"), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.startswith('<td class="cell" id="cell-handicraft_exports_usd-2016">')
    assert 'value="1.350"' in fragment and "Nháp" in fragment and "Đã lưu" in fragment
    assert DataValue.objects.get(element=exports, year=2016).value == 1350
    fragment = client.post(SAVE, cell(exports, hanoi, 2016, "một nghìn"), HTTP_HX_REQUEST="true").content.decode()
    assert "“một nghìn” không phải là số: nhập số, ví dụ 1.350 hoặc 626,5." in fragment
    assert 'value="một nghìn"' in fragment  # what was typed stays
    assert DataValue.objects.get(element=exports, year=2016).value == 1350  # nothing saved is lost
    fragment = client.post(SAVE, cell(exports, hanoi, 2017, "626,5"), HTTP_HX_REQUEST="true").content.decode()
    assert DataValue.objects.get(element=exports, year=2017).value == Decimal("626.5")


def test_without_javascript_the_grid_comes_back_with_the_error(client, people, hanoi, exports):
    client.force_login(people.staff)
    response = client.post(SAVE, cell(exports, hanoi, 2015, "12abc"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "“12abc” không phải là số" in body and 'value="12abc"' in body and "<h1>Số liệu báo cáo</h1>" in body
    response = client.post(SAVE, cell(exports, hanoi, 2015, "12"))
    assert response.status_code == 302 and "period=2014-2016" in response["Location"]


def test_editing_an_approved_value_is_refused_with_who_can_unlock(client, people, hanoi, exports, approved):
    client.force_login(people.staff)
    fragment = client.post(SAVE, cell(exports, hanoi, 2015, "999"), HTTP_HX_REQUEST="true").content.decode()
    assert "Số liệu đã được Trần Văn Minh duyệt nên bị khoá; muốn sửa, nhờ Lãnh đạo phê duyệt mở khoá" in fragment
    assert DataValue.objects.get(pk=approved.pk).value == 250_000_000


def test_approver_unlocks_with_a_reason_on_the_page(client, people, approved):
    client.force_login(people.approver)
    url = reverse("indicators:value_unlock", args=[approved.pk])
    fragment = client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ghi lý do mở khoá." in fragment
    assert DataValue.objects.get(pk=approved.pk).state == ValueState.APPROVED
    fragment = client.post(url, {"reason": "Số liệu chính thức mới"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Nháp" in fragment
    history = client.get(reverse("indicators:value_history", args=[approved.pk])).content.decode()
    assert "Mở khoá: Số liệu chính thức mới" in history and "Trần Văn Minh" in history


def test_submit_and_approve_buttons(client, people, hanoi, exports):
    client.force_login(people.staff)
    client.post(SAVE, cell(exports, hanoi, 2014, "100"), HTTP_HX_REQUEST="true")
    value = DataValue.objects.get(element=exports, year=2014)
    fragment = client.post(reverse("indicators:value_submit", args=[value.pk]), HTTP_HX_REQUEST="true").content
    assert "Đã gửi duyệt" in fragment.decode()
    client.force_login(people.approver)
    body = client.get(GRID, {"unit_code": "01", "period": "2014-2016"}).content.decode()
    assert reverse("indicators:value_approve", args=[value.pk]) in body
    client.post(reverse("indicators:value_approve", args=[value.pk]), HTTP_HX_REQUEST="true")
    assert DataValue.objects.get(pk=value.pk).state == ValueState.APPROVED


def test_a_unit_outside_the_users_area(client, people, hanoi, exports):
    client.force_login(people.officer)
    response = client.get(GRID, {"unit_code": "01", "unit_hierarchy": "current", "period": "2015"})
    assert response.status_code == 400 and "nằm ngoài địa bàn bạn được giao" in response.content.decode()
    assert client.post(SAVE, cell(exports, hanoi, 2015, "1"), HTTP_HX_REQUEST="true").status_code == 404
    assert not DataValue.objects.exists()
    body = client.get(GRID, {"unit_code": "10030", "unit_hierarchy": "current", "period": "2015"}).content.decode()
    assert 'name="value"' in body  # their own commune: editable


def test_viewer_reads_the_grid_without_inputs(client, people, approved):
    client.force_login(people.viewer)
    body = client.get(GRID, {"unit_code": "01", "period": "2015"}).content.decode()
    assert "250.000.000" in body and 'name="value"' not in body
