"""The one scope rule across apps: placements, look-ups by code, links refused in the services, imports.

Phú Nghĩa (current 10030) is the officer's commune; Ba Đình (00004, another old district) is not. A code of a
Ba Đình record must get exactly the message of a code that does not exist, in every form and import column, and
a crafted request naming it writes nothing because the service itself refuses it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.accounts.scoping import visible
from khuyencong.geo.selectors import unit_get
from khuyencong.imports.services.runs import import_rows
from khuyencong.projects.forms import ProjectForm
from khuyencong.projects.models import AnnualPlan, Project
from khuyencong.projects.services.projects import project_create, project_update
from khuyencong.registry.forms import EstablishmentForm, ProductForm
from khuyencong.registry.models import CraftVillage, CraftVillageYear, Establishment, Product, ProductCertificate
from khuyencong.registry.selectors import establishments_by_codes
from khuyencong.registry.services import (
    certificate_add,
    craft_for_name,
    establishment_create,
    establishment_update,
    product_create,
    village_create,
    village_year_upsert,
)
from khuyencong.training.forms import ClassForm, FollowUpForm, TransplantForm
from khuyencong.training.models import CraftTransplant, FollowUp, Trainee, TrainingClass
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import follow_up_add, roster_mark_completion, roster_paste
from khuyencong.training.services.transplants import transplant_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def w(make_user):
    """One record of each kind in each commune, made by centre staff of Hà Nội."""
    a, b = unit_get(code="10030"), unit_get(code="00004")
    staff = make_user("canbo", role="centre_staff", unit="01")
    w = {"staff": staff, "a": a, "b": b, "craft": craft_for_name("mây tre đan"),
         "officer": make_user("phunghia", role="local_officer", unit="10030"),
         "trainer": make_user("daotao-pn", role="centre_staff", unit="10030")}
    for side, unit in (("a", a), ("b", b)):
        village = village_create(actor=staff, code=f"LN-{side}", name=f"Làng {side}", commune=unit,
                                 crafts=["mây tre đan"])
        village_year_upsert(actor=staff, village=village, year=2024, households=100, craft_households=40)
        est = establishment_create(actor=staff, code=f"CS-{side}", name=f"Cơ sở {side}", kind="HKD", commune=unit)
        product = product_create(actor=staff, code=f"SP-{side}", name=f"Sản phẩm {side}", establishment=est)
        certificate_add(actor=staff, product=product, kind="ocop", year=2024, stars=3)
        project = project_create(actor=staff, beneficiaries=[est], data=_project_data(f"DA-{side}", unit))
        cls = class_create(actor=staff, code=f"LOP-{side}", kind="truyen_nghe", craft=w["craft"], commune=unit,
                           village=village, start_date=datetime.date(2024, 3, 1), end_date=datetime.date(2024, 6, 30))
        trainee = roster_paste(actor=staff, training_class=cls, text="Nguyễn Văn An; 1990; Nam").trainees[0]
        roster_mark_completion(actor=staff, training_class=cls, completed={trainee.pk: ""})
        follow_up_add(actor=staff, trainee=trainee, date=datetime.date(2024, 9, 1), employed=True, employer=est)
        transplant = transplant_create(actor=staff, village=village, craft=craft_for_name("gốm"), year=2020)
        w.update({f"village_{side}": village, f"est_{side}": est, f"product_{side}": product,
                  f"project_{side}": project, f"class_{side}": cls, f"trainee_{side}": trainee,
                  f"transplant_{side}": transplant})
    return w


def _project_data(code, commune, **extra):
    return {"code": code, "title": f"Đề án {code}", "activity": "training", "funding_source": "local",
            "plan_year": 2025, "commune": commune, "no_other_support": True, **extra}


# --- one declaration per model, one function --------------------------------------------------------

@pytest.mark.parametrize("model", [CraftVillage, CraftVillageYear, Establishment, Product, ProductCertificate, Project,
                                   TrainingClass, Trainee, FollowUp, CraftTransplant])
def test_every_placed_model_is_scoped_by_its_declaration(w, model):
    """A product lies where its establishment lies, a certificate where its product does, a follow-up where its
    trainee's class is held…: the officer of Phú Nghĩa sees exactly one of the two rows of each."""
    seen = visible(model, w["officer"])
    assert model.objects.count() == 2 and seen.count() == 1
    assert visible(model, w["staff"]).count() == 2


def test_city_wide_projects_belong_to_their_plans_province(w, make_user):
    hanoi, hcm = unit_get(code="01"), unit_get(code="79")
    staff_hcm = make_user("hcm", role="centre_staff", unit="79")
    own = AnnualPlan.objects.create(year=2025, funding_source="national", scope_unit=hanoi)
    other = AnnualPlan.objects.create(year=2025, funding_source="national", scope_unit=hcm)
    for code, plan in (("TP-HN", own), ("TP-HCM", other)):
        Project.objects.create(code=code, title=code, activity="training", funding_source="national",
                               plan_year=2025, plan=plan)
    codes = lambda user: set(visible(Project, user).filter(commune__isnull=True).values_list("code", flat=True))  # noqa: E731
    assert codes(w["staff"]) == {"TP-HN"}
    assert codes(staff_hcm) == {"TP-HCM"}
    assert codes(w["officer"]) == set()  # a commune officer does not see the Centre's city-wide projects


# --- look-ups by code: out of scope reads exactly as unknown -------------------------------------------

def test_lookup_by_codes_finds_only_what_the_user_sees(w):
    found, missing = establishments_by_codes(user=w["officer"], codes=["CS-a", "CS-b", "CS-x"])
    assert found == [w["est_a"]] and missing == ["CS-b", "CS-x"]


def _error(form, field):
    assert not form.is_valid()
    return form.errors[field]


def test_forms_give_the_unknown_code_message_for_codes_out_of_scope(w):
    officer, trainer = w["officer"], w["trainer"]
    base = {"name": "Mới", "kind": "HKD", "commune_code": "10030", "commune_hierarchy": "current"}
    for code in ("LN-b", "LN-x"):
        form = EstablishmentForm({**base, "code": "CS-n", "craft_village_code": code}, user=officer)
        assert _error(form, "craft_village_code") == [f"Không tìm thấy làng nghề có mã “{code}”."]
    for code in ("CS-b", "CS-x"):
        form = ProductForm({"code": "SP-n", "name": "Mới", "establishment_code": code}, user=officer)
        assert _error(form, "establishment_code") == [f"Không tìm thấy cơ sở có mã “{code}”."]
        form = ProjectForm({"code": "DA-n", "title": "Mới", "activity": "training", "funding_source": "local",
                            "plan_year": 2025, "beneficiary_codes": f"CS-a; {code}"}, user=officer)
        assert _error(form, "beneficiary_codes") == [f"Không tìm thấy cơ sở có mã “{code}”."]
        form = FollowUpForm({"trainee": w["trainee_a"].pk, "date": "2024-10-01", "employed": "yes",
                             "employer_code": code}, training_class=w["class_a"], user=trainer)
        assert _error(form, "employer_code") == [f"Không tìm thấy cơ sở có mã “{code}”."]
    class_base = {"code": "LOP-n", "kind": "truyen_nghe", "craft": "mây tre đan", "commune_code": "10030",
                  "hierarchy": "current", "start_date": "2025-03-01", "end_date": "2025-04-01"}
    for village, project in (("LN-b", "DA-b"), ("LN-x", "DA-x")):
        form = ClassForm({**class_base, "village_code": village, "project_code": project}, user=trainer)
        assert _error(form, "village_code") == [f"Không tìm thấy làng có mã “{village}”."]
        assert form.errors["project_code"] == [f"Không tìm thấy đề án có mã “{project}”."]
        form = TransplantForm({"village_code": village, "craft": "gốm", "year": 2024, "project_code": project},
                              user=trainer)
        assert _error(form, "village_code") == [f"Không tìm thấy làng có mã “{village}”."]
        assert form.errors["project_code"] == [f"Không tìm thấy đề án có mã “{project}”."]


# --- a crafted request: the service refuses, nothing is written ----------------------------------------

def test_services_refuse_to_link_a_record_outside_the_actors_scope(w):
    officer, trainer, other = w["officer"], w["trainer"], w
    cases = [
        (lambda: establishment_create(actor=officer, code="CS-n", name="Mới", kind="HKD", commune=w["a"],
                                      craft_village=other["village_b"]), "craft_village", "làng nghề", "LN-b"),
        (lambda: establishment_update(actor=officer, establishment=w["est_a"], craft_village=other["village_b"]),
         "craft_village", "làng nghề", "LN-b"),
        (lambda: product_create(actor=officer, code="SP-n", name="Mới", establishment=other["est_b"]),
         "establishment", "cơ sở", "CS-b"),
        (lambda: project_create(actor=officer, data=_project_data("DA-n", w["a"]),
                                beneficiaries=[w["est_a"], other["est_b"]]), "beneficiaries", "cơ sở", "CS-b"),
        (lambda: class_create(actor=trainer, code="LOP-n", kind="truyen_nghe", craft=w["craft"], commune=w["a"],
                              project=other["project_b"], start_date=datetime.date(2025, 3, 1),
                              end_date=datetime.date(2025, 4, 1)), "project", "đề án", "DA-b"),
        (lambda: transplant_create(actor=trainer, village=other["village_b"], craft=craft_for_name("lụa"),
                                   year=2024), "village", "làng", "LN-b"),
        (lambda: follow_up_add(actor=trainer, trainee=w["trainee_a"], date=datetime.date(2024, 10, 1),
                               employed=True, employer=other["est_b"]), "employer", "cơ sở", "CS-b"),
    ]
    counts = lambda: [m.objects.count() for m in (Establishment, Product, Project, TrainingClass, CraftTransplant,  # noqa: E731
                                                  FollowUp)]
    before = counts()
    for call, field, what, code in cases:
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.message_dict == {field: [f"Không tìm thấy {what} có mã “{code}”."]}
    assert counts() == before
    w["est_a"].refresh_from_db()
    assert w["est_a"].craft_village is None


def test_a_crafted_post_naming_another_units_code_writes_nothing(client, w):
    client.force_login(w["officer"])
    response = client.post(reverse("projects:project_create"), {
        "code": "DA-n", "title": "Mới", "activity": "training", "funding_source": "local", "plan_year": 2025,
        "commune_code": "10030", "beneficiary_codes": "CS-b", "no_other_support": "on"})
    assert response.status_code == 200 and "Không tìm thấy cơ sở có mã “CS-b”." in response.content.decode()
    assert not Project.objects.filter(code="DA-n").exists()


def test_a_link_already_made_stays_when_someone_with_a_narrower_scope_edits(client, w):
    """Centre staff made DA-a benefit a Ba Đình establishment; the Phú Nghĩa officer edits the project's title."""
    project = w["project_a"]
    project_update(project=project, actor=w["staff"], data={}, beneficiaries=[w["est_a"], w["est_b"]])
    project.refresh_from_db()
    client.force_login(w["officer"])
    page = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    assert "CS-a; CS-b" in page
    response = client.post(reverse("projects:project_edit", args=[project.pk]), {
        "code": "DA-a", "title": "Đề án đổi tên", "activity": "training", "funding_source": "local",
        "plan_year": 2025, "commune_code": "10030", "beneficiary_codes": "CS-a; CS-b", "no_other_support": "on",
        "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Đề án đổi tên" and set(project.beneficiaries.all()) == {w["est_a"], w["est_b"]}


# --- imports: a reference column reads an out-of-scope code as unknown -----------------------------------

@pytest.mark.parametrize("kind, row, column", [
    ("products", {"code": "SP-n", "name": "Mới", "establishment_code": "{}"}, "Mã cơ sở"),
    ("projects", {"code": "DA-n", "title": "Mới", "activity": "training", "funding_source": "local",
                  "plan_year": 2025, "commune_code": "10030", "beneficiaries": "CS-a; {}"}, "Đơn vị thụ hưởng"),
    ("establishments", {"code": "CS-n", "name": "Mới", "kind": "HKD", "commune_code": "10030",
                        "craft_village_code": "{}"}, "Mã làng nghề"),
])
def test_import_reference_columns_read_out_of_scope_codes_as_unknown(w, kind, row, column):
    messages = []
    for code in ({"products": "CS-b", "projects": "CS-b", "establishments": "LN-b"}[kind], "ZZ-9"):
        cells = {key: value.format(code) if isinstance(value, str) else value for key, value in row.items()}
        result = import_rows(kind=kind, rows=[cells], user=w["officer"])
        assert not result.ok and [e.column for e in result.errors] == [column]
        messages.append(result.errors[0].message.replace(code, "…"))
    assert messages[0] == messages[1]  # the same words for a record in Ba Đình and for none at all


def test_training_import_references_are_scoped(w):
    trainer = w["trainer"]
    result = import_rows(kind="training_classes", user=trainer, rows=[{
        "code": "LOP-n", "kind": "truyen_nghe", "craft": "mây tre đan", "commune_code": "10030",
        "start": "01/03/2025", "end": "01/04/2025", "project_code": "DA-b", "village_code": "LN-b"}])
    assert {e.message for e in result.errors} == {"Không tìm thấy đề án có mã “DA-b”.",
                                                  "Không tìm thấy làng có mã “LN-b”."}
    result = import_rows(kind="trainees", user=trainer, rows=[{
        "class_code": "LOP-a", "full_name": "Nguyễn Văn An", "birth_year": 1990, "completed": "có",
        "employed": "có", "employer_code": "CS-b"}])
    assert [e.message for e in result.errors] == ["Không tìm thấy cơ sở có mã “CS-b”."]


# --- pages: a related record outside the scope is named, not linked --------------------------------------

def test_related_records_outside_the_scope_are_named_without_a_link(client, w):
    """The Phú Nghĩa establishment benefited from the Ba Đình project: its page shows the project's code and
    title marked “ngoài địa bàn”, with no link to a page that would answer 404; its own project is a link."""
    project_update(project=w["project_b"], actor=w["staff"], data={}, beneficiaries=[w["est_a"], w["est_b"]])
    client.force_login(w["officer"])
    page = client.get(reverse("registry:establishment_detail", args=[w["est_a"].pk])).content.decode()
    own, other = (reverse("projects:project_detail", args=[w[k].pk]) for k in ("project_a", "project_b"))
    assert f'<a href="{own}">DA-a</a>' in page
    assert 'DA-b <span class="muted out-of-scope">(ngoài địa bàn)</span>' in page and "Đề án DA-b" in page
    assert f'href="{other}"' not in page
    page = client.get(reverse("projects:project_detail", args=[w["project_b"].pk]))
    assert page.status_code == 404


def test_an_update_file_without_the_commune_column_keeps_the_records_own(w):
    """Scope comes from the model's placement: a Phú Nghĩa trainer updates her class from a file of code and
    teachers only (the class stays in her commune); the Ba Đình class is not found, as an unknown code."""
    result = import_rows(kind="training_classes", user=w["trainer"], mode="update",
                         rows=[{"code": "LOP-a", "teachers": "Nghệ nhân Nguyễn Văn Hải"}])
    assert result.ok and result.updated == 1, result.errors
    result = import_rows(kind="training_classes", user=w["trainer"], mode="update",
                         rows=[{"code": "LOP-b", "teachers": "Nghệ nhân Nguyễn Văn Hải"}])
    unknown = import_rows(kind="training_classes", user=w["trainer"], mode="update",
                          rows=[{"code": "LOP-x", "teachers": "Nghệ nhân Nguyễn Văn Hải"}])
    assert not result.ok and result.errors[0].message == unknown.errors[0].message.replace("LOP-x", "LOP-b")
    assert result.errors[0].message == "Không tìm thấy “LOP-b” (chế độ “Chỉ cập nhật” chỉ sửa bản ghi có sẵn)."
    assert TrainingClass.objects.get(code="LOP-b").teachers == ""
