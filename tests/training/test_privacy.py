"""Personal data (ID numbers, birth years): full for centre staff and administrators, masked for everyone else,
in pages and exports; every view of full IDs is logged."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.training.models import AccessPurpose, PersonalDataAccess
from khuyencong.training.privacy import mask_birth_year, mask_id_number, personal_view

pytestmark = pytest.mark.django_db

ROLES = [
    # role, unit, sees full personal data
    ("administrator", "01", True),
    ("centre_staff", "01", True),
    ("approver", "01", False),
    ("local_officer", "10030", False),
    ("viewer", "01", False),
]


def test_mask_function():
    assert mask_id_number("001234567889") == "0012******89"
    assert mask_id_number("012345678") == "0123***78"
    assert mask_id_number("12345") == "*****"
    assert mask_id_number(None) == "" and mask_id_number("") == ""
    assert mask_birth_year(1987) == "19**"
    assert mask_birth_year(None) == ""


def test_personal_view_is_the_one_rule(filled_class):
    an = filled_class.trainees.get(full_name="Nguyễn Văn An")
    assert personal_view(an, full=False).id_number == "0010******34"
    assert personal_view(an, full=False).birth_year == "19**"
    assert personal_view(an, full=True).id_number == "001090001234"
    assert personal_view(an, full=True).birth_year == "1990"


def _sheet(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize(("role", "unit", "full"), ROLES)
def test_class_page_masks_for_non_staff_and_logs_full_views(client, make_user, filled_class, role, unit, full):
    user = make_user(f"u-{role}", role=role, unit=unit)
    client.force_login(user)
    body = client.get(reverse("training:class_detail", args=[filled_class.pk])).content.decode()
    assert "Nguyễn Văn An" in body
    assert ("001090001234" in body) == full  # never anywhere on the page for the others
    roster = body.split('<table id="roster">')[1].split("</table>")[0]
    assert ("0010******34" in roster) == (not full)
    assert (">1985<" in roster) == full
    assert (">19**<" in roster) == (not full)
    log = PersonalDataAccess.objects.filter(actor=user)
    if full:
        entry = log.get()
        assert entry.purpose == AccessPurpose.PAGE and entry.training_class == filled_class
        assert entry.trainee_count == 3  # Cúc has no ID number
    else:
        assert not log.exists()


@pytest.mark.parametrize(("role", "unit", "full"), ROLES)
def test_roster_export_leaves_personal_data_out_unless_allowed_and_asked(client, make_user, filled_class, role,
                                                                        unit, full):
    user = make_user(f"u-{role}", role=role, unit=unit)
    client.force_login(user)
    url = reverse("training:class_detail", args=[filled_class.pk])
    plain = _sheet(client.get(url, {"format": "xlsx"}))
    assert "Số CMND/CCCD" not in plain[0] and "Năm sinh" not in plain[0]
    assert plain[1][1] == "Nguyễn Văn An"
    assert not PersonalDataAccess.objects.filter(actor=user, purpose=AccessPurpose.EXPORT).exists()
    asked = _sheet(client.get(url, {"format": "xlsx", "personal": "1"}))
    flat = str(asked)
    assert ("Số CMND/CCCD" in asked[0]) == full
    assert ("001090001234" in flat) == full
    assert "0010******34" not in flat  # exports leave data out rather than masking it
    assert PersonalDataAccess.objects.filter(actor=user, purpose=AccessPurpose.EXPORT).exists() == full


@pytest.mark.parametrize(("role", "unit", "full"), ROLES)
def test_follow_ups_due_export(client, make_user, filled_class, role, unit, full):
    user = make_user(f"u-{role}", role=role, unit=unit)
    client.force_login(user)
    url = reverse("training:follow_ups_due")
    page = client.get(url).content.decode()
    assert "Lê Thị Cúc" in page and "001185005678" not in page
    assert ("kèm dữ liệu cá nhân" in page) == full
    rows = _sheet(client.get(url, {"format": "xlsx", "personal": "1"}))
    assert [r[0] for r in rows[1:]] == ["Lê Thị Cúc"]
    assert ("Năm sinh" in rows[0]) == full
    if full:
        assert rows[1][1] == 1992
    # Cúc has no ID number: nothing full was shown, so nothing is logged
    assert not PersonalDataAccess.objects.filter(actor=user).exists()


def test_trainee_edit_hides_personal_fields_from_non_staff(client, make_user, filled_class):
    an = filled_class.trainees.get(full_name="Nguyễn Văn An")
    url = reverse("training:trainee_edit", args=[filled_class.pk, an.pk])
    client.force_login(make_user("canbo2", role="centre_staff"))
    body = client.get(url).content.decode()
    assert 'value="001090001234"' in body
    assert PersonalDataAccess.objects.filter(trainee_ids=[an.pk]).count() == 1
    client.force_login(make_user("xem", role="viewer"))
    assert client.get(url).status_code == 403  # viewers cannot edit at all


def test_staff_outside_their_unit_do_not_see_full_data(client, make_user, make_class, ba_dinh, staff):
    from khuyencong.training.services.trainees import trainee_add

    cls = make_class(commune=ba_dinh, start=datetime.date(2015, 1, 1), end=datetime.date(2015, 2, 1))
    trainee_add(actor=staff, training_class=cls, full_name="Hà", id_number="001090001111")
    # a viewer of the whole city who is centre staff only in Phú Nghĩa
    user = make_user("mix", role="viewer", unit="01")
    from khuyencong.accounts.services.users import user_add

    user_add(username="mix", role="centre_staff", unit_code="10030", hierarchy="current")
    user.refresh_from_db()
    client.force_login(user)
    body = client.get(reverse("training:class_detail", args=[cls.pk])).content.decode()
    assert "0010******11" in body and "001090001111" not in body
