"""The Django admin: trainees' personal data stays masked and read-only there, and every change made there is in
the record's history like a change made through the pages."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from khuyencong.accounts.models import User
from khuyencong.core.audit import audit_history
from khuyencong.core.models import AuditAction, AuditEntry
from khuyencong.geo.selectors import unit_get
from khuyencong.registry.services import craft_for_name, establishment_create
from khuyencong.training.models import Trainee
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import roster_paste

pytestmark = pytest.mark.django_db
ID_NUMBER = "001090001234"


class _Form(HTMLParser):
    """The values an admin change form would post back as it stands (inputs, checked boxes, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def _form_of(client, url) -> dict:
    parser = _Form()
    parser.feed(client.get(url).content.decode())
    return parser.data


@pytest.fixture
def admin_user(make_user):
    return make_user("quantri", role="administrator", unit="01")


@pytest.fixture
def training_class(admin_user):
    cls = class_create(actor=admin_user, code="TN-1", name="Truyền nghề mây tre", kind="truyen_nghe",
                       craft=craft_for_name("mây tre đan"), commune=unit_get(code="10030"),
                       start_date=datetime.date(2024, 3, 1), end_date=datetime.date(2024, 6, 30))
    roster_paste(actor=admin_user, training_class=cls, text=f"Nguyễn Văn An; 1990; Nam; {ID_NUMBER}")
    return cls


def test_trainees_personal_data_is_masked_and_read_only_in_the_admin(client, admin_user, training_class):
    client.force_login(admin_user)
    url = reverse("admin:training_trainingclass_change", args=[training_class.pk])
    page = client.get(url).content.decode()
    assert "0010******34" in page and "19**" in page
    assert ID_NUMBER not in page and "1990" not in page
    form = _form_of(client, url)
    assert not any(name.endswith(("-id_number", "-birth_year")) for name in form)  # nothing to type them into
    form["trainees-0-certificate_number"] = "CC-01"
    form["trainees-0-id_number"] = "001090009999"  # a crafted field is ignored, not saved
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    trainee = Trainee.objects.get()
    assert trainee.certificate_number == "CC-01" and trainee.id_number == ID_NUMBER
    entry = audit_history(trainee).first()
    assert entry.action == AuditAction.UPDATE and entry.actor == admin_user
    assert entry.changes == {"certificate_number": ["", "CC-01"]}
    assert not AuditEntry.objects.filter(changes__icontains=ID_NUMBER).exists()


def test_every_admin_change_to_a_record_with_history_writes_an_audit_row(client, admin_user, training_class):
    superuser = User.objects.create_superuser("root", password="Mat-khau-thu-2026")
    est = establishment_create(actor=admin_user, code="CS-1", name="Mây tre Phú Vinh", kind="HKD",
                               commune=unit_get(code="10030"))
    client.force_login(superuser)
    url = reverse("admin:registry_establishment_change", args=[est.pk])
    form = _form_of(client, url)
    form.update(name="Mây tre đan Phú Vinh", workers="12")
    assert client.post(url, form).status_code == 302
    entry = audit_history(est).first()
    assert entry.actor == superuser and entry.action == AuditAction.UPDATE
    assert entry.changes == {"name": ["Mây tre Phú Vinh", "Mây tre đan Phú Vinh"], "workers": [None, 12]}

    url = reverse("admin:training_trainingclass_change", args=[training_class.pk])
    form = _form_of(client, url)
    form["teachers"] = "Nghệ nhân Nguyễn Văn Hải"
    form["trainees-0-DELETE"] = "on"
    assert client.post(url, form).status_code == 302
    assert audit_history(training_class).first().changes == {"teachers": ["", "Nghệ nhân Nguyễn Văn Hải"]}
    removed = AuditEntry.objects.filter(action=AuditAction.DELETE, content_type__model="trainee").get()
    assert removed.changes["full_name"] == ["Nguyễn Văn An", None]
    assert removed.changes["id_number"] == ["0010******34", None]  # masked, like every trainee row of the log

    delete = reverse("admin:training_trainingclass_delete", args=[training_class.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.filter(action=AuditAction.DELETE, content_type__model="trainingclass").get()
    assert entry.object_id == str(training_class.pk) and entry.changes["code"] == ["TN-1", None]
