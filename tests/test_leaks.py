"""The generic leak test: every page, for every role, scoped to one commune, never links or leaks another's records.

Two communes — current 10030 Xã Phú Nghĩa (A, the users' own) and 00004 Ba Đình (B, of another old district) —
hold records whose names carry a marker, linked across the two (an A establishment in a B craft village, supported
by a B project and by a city-wide one; a B establishment among an A project's beneficiaries; an A class under a B
project, with a B employer in its follow-ups; an A project's B class and transplant…). For a user of each role,
scoped to A, the test opens every GET page that the URL resolver lists (the parameters filled with the user's own
records, chosen by the route's name), then every link found on those pages. Every link must open (no 403/404/500
behind a link), and B's marker may appear only outside `<a>` elements: a related record outside the scope is
shown by name, without a link. The URLs come from the resolver, not from a hand list, so a page is covered the
day it is added: a new route parameter without an own record in PARAMS fails here until one is given.
"""

import datetime
import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from khuyencong.accounts.models import Role
from khuyencong.geo.selectors import unit_get
from khuyencong.imports.kinds import KINDS
from khuyencong.imports.models import ImportRun, RunStatus
from khuyencong.indicators.models import DataElement, DataValue, QualityFlag, Target
from khuyencong.portal.models import Article, ArticleImage, ArticleState, Category
from khuyencong.portal.services.articles import article_create
from khuyencong.projects.models import AttachmentKind, ProjectProduct
from khuyencong.projects.services.attachments import attachment_add
from khuyencong.projects.services.projects import project_create
from khuyencong.projects.workflow import transitions_from
from khuyencong.registry.models import DuplicateFlag
from khuyencong.registry.services import establishment_create, product_create, product_photo_add, village_create
from khuyencong.reports.models import Report, ReportState
from khuyencong.training.services.classes import class_create
from khuyencong.training.services.trainees import follow_up_add, roster_mark_completion, roster_paste
from khuyencong.training.services.transplants import transplant_create

pytestmark = pytest.mark.django_db

MINE, OTHER = "PNMARK", "BDMARK"  # in the names of the users' own commune's records, and of the other commune's
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n"

# Routes not opened, with the reason. Everything else the resolver lists is opened for every role.
SKIPPED_PREFIXES = {
    "quan-tri/": "Django's admin: administrators' tool over every unit; tests/core/test_admin.py covers it",
    "api/": "the REST API: tests/api/test_permission_matrix.py opens every route of its router for every role",
    "captcha/": "django-simple-captcha's images of a challenge: no records; tests/portal/test_comments.py",
}
SKIPPED_NAMES = {
    "set_language": "POST only (the language switch)",
    "accounts:logout": "POST only, and it would end the session under test",
    "accounts:token_revoke": "POST only (revoking one's own API token)",
    "portal:compose_from_figures": "POST only (“Soạn bài tin”; tests/portal/test_compose.py checks roles and scope)",
}
# Links not followed: the admin (above), and files served by WhiteNoise outside Django's URLs.
UNFOLLOWED_LINKS = ("/quan-tri/", "/static/")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(make_user):
    """Records in A and B, linked across; built by centre staff of Hà Nội, who see both."""
    a, b = unit_get(code="10030"), unit_get(code="00004")
    staff = make_user("builder", role="centre_staff", unit="01")
    w = {"staff": staff}
    w["village_a"] = village_create(actor=staff, code="LN-A", name=f"Làng {MINE}", commune=a, crafts=["mây tre đan"],
                                    recognition="lang_nghe", recognition_year=2010)  # in the public directory
    w["village_b"] = village_create(actor=staff, code="LN-B", name=f"Làng {OTHER}", commune=b, crafts=["mây tre đan"])
    w["est_a"] = establishment_create(actor=staff, code="CS-A", name=f"Cơ sở {MINE}", kind="HKD", commune=a,
                                      craft_village=w["village_b"])
    w["est_a2"] = establishment_create(actor=staff, code="CS-A2", name=f"Hộ kinh doanh {MINE}", kind="HKD",
                                       commune=a, craft_village=w["village_a"])  # flagged as a likely duplicate
    w["est_b"] = establishment_create(actor=staff, code="CS-B", name=f"Cơ sở {OTHER}", kind="HKD", commune=b,
                                      craft_village=w["village_b"])
    w["product_a"] = product_create(actor=staff, code="SP-A", name=f"Sản phẩm {MINE}", establishment=w["est_a"])
    w["product_b"] = product_create(actor=staff, code="SP-B", name=f"Sản phẩm {OTHER}", establishment=w["est_b"])
    w["photo_a"] = product_photo_add(actor=staff, product=w["product_a"], upload=_png(), alt=f"Ảnh {MINE}")
    w["product_public"] = product_create(actor=staff, code="SP-PUB", name=f"Mẫu mới {MINE}", establishment=w["est_a2"],
                                         is_new_design=True)
    w["photo_public"] = product_photo_add(actor=staff, product=w["product_public"], upload=_png(), alt="Mẫu mới")

    def project(code, title, commune, beneficiaries):
        return project_create(actor=staff, beneficiaries=beneficiaries, data={
            "code": code, "title": title, "activity": "training", "funding_source": "local", "plan_year": 2025,
            "commune": commune, "no_other_support": True})

    w["project_a"] = project("DA-A", f"Đề án {MINE}", a, [w["est_a"], w["est_b"]])
    w["project_b"] = project("DA-B", f"Đề án {OTHER}", b, [w["est_a"]])
    w["project_city"] = project("DA-TP", f"Đề án toàn thành phố {OTHER}", None, [w["est_a"]])
    ProjectProduct.objects.create(product=w["product_a"], project=w["project_b"])
    w["attachment_a"] = attachment_add(project=w["project_a"], kind=AttachmentKind.REQUEST_LETTER,
                                       upload=SimpleUploadedFile("don.pdf", PDF), actor=staff)

    def klass(code, name, commune, village, project, roster):
        cls = class_create(actor=staff, code=code, name=name, kind="truyen_nghe", craft=w["village_a"].crafts.get(),
                           commune=commune, village=village, project=project, start_date=datetime.date(2024, 3, 1),
                           end_date=datetime.date(2024, 6, 30))
        trainees = roster_paste(actor=staff, training_class=cls, text=roster).trainees
        roster_mark_completion(actor=staff, training_class=cls, completed={t.pk: "" for t in trainees})
        return cls, trainees[0]

    w["class_a"], w["trainee_a"] = klass("LOP-A", f"Lớp {MINE}", a, w["village_a"], w["project_b"],
                                         "Nguyễn Văn An; 1990; Nam; 001090001234")
    follow_up_add(actor=staff, trainee=w["trainee_a"], date=datetime.date(2024, 9, 1), employed=True,
                  employer=w["est_b"])
    w["class_b"], _trainee = klass("LOP-B", f"Lớp {OTHER}", b, w["village_b"], w["project_a"],
                                   f"Trần Thị {OTHER}; 1985; Nữ; 001185005678")
    w["transplant_a"] = transplant_create(actor=staff, village=w["village_a"], craft=_craft("gốm"), year=2020,
                                          project=w["project_b"])
    w["transplant_b"] = transplant_create(actor=staff, village=w["village_b"], craft=_craft("gốm"), year=2020,
                                          project=w["project_a"])
    w["flag_a"] = DuplicateFlag.objects.get(first=w["est_a"], second=w["est_a2"])
    element = DataElement.objects.get(code="cnnt_production_value")
    w["value_a"] = DataValue.objects.create(element=element, unit=a, year=2024, value=1_000_000, entered_by=staff)
    DataValue.objects.create(element=element, unit=b, year=2024, value=2_000_000, entered_by=staff)
    w["target_a"] = Target.objects.create(indicator="jobs_created", unit=a, start_year=2021, end_year=2025, low=100,
                                          note=f"Mục tiêu {MINE}")
    Target.objects.create(indicator="jobs_created", unit=b, start_year=2021, end_year=2025, low=100,
                          note=f"Mục tiêu {OTHER}")
    w["report_a"], w["report_b"] = _report(a), _report(b)

    def quality_flag(key, **fields):
        fields = {"rule": "oversize", "check_code": "class_oversize",
                  "details": {"trainees": 40, "planned": 20, "percent": 150}, **fields}
        return QualityFlag.objects.create(key=key, found_at=timezone.now(), **fields)

    w["quality_a"] = quality_flag("a", training_class=w["class_a"])  # on the class page, the list, its own page
    w["quality_b"] = quality_flag("b", training_class=w["class_b"])
    quality_flag("value_a", data_value=w["value_a"], rule="negative", check_code="value_negative",
                 details={"value": "-5"})
    w["article"] = article_create(user=staff, title=f"Tin {MINE}", lead="Sapo.", body="<p>Bài.</p>",
                                  category=Category.objects.create(name="Tin tức", slug="tin-tuc"))
    Article.objects.filter(pk=w["article"].pk).update(state=ArticleState.PUBLISHED, published_at=timezone.now())
    w["article_revision"] = w["article"].revisions.get()
    w["article_image"] = ArticleImage.objects.create(article=w["article"], alt="Ảnh", content_type="image/png",
                                                     file=ContentFile(PNG, name="anh.png"))
    return w


def _report(unit) -> Report:
    report = Report.objects.create(kind="review", unit=unit, start_year=2021, end_year=2025, state=ReportState.DONE)
    workbook = io.BytesIO()
    openpyxl.Workbook().save(workbook)
    report.docx.save("bao-cao.docx", ContentFile(b"PK docx"), save=False)
    report.xlsx.save("bao-cao.xlsx", ContentFile(workbook.getvalue()), save=False)
    report.pdf.save("bao-cao.pdf", ContentFile(PDF), save=True)
    return report


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 80, 40)).save(out, format="PNG")
    return SimpleUploadedFile("anh.png", out.getvalue())


def _craft(name):
    from khuyencong.registry.services import craft_for_name

    return craft_for_name(name)


def _run_of(user) -> ImportRun:
    run = ImportRun.objects.create(kind="establishments", user=user, original_name="co-so.csv",
                                   status=RunStatus.SUCCEEDED, rows_total=1, rows_done=1, error_count=1,
                                   errors=[[2, "Mã xã/phường", "Bắt buộc, đang để trống."]])
    run.file.save("co-so.csv", ContentFile(b"code,name\nX,Y\n"), save=False)
    workbook = io.BytesIO()
    openpyxl.Workbook().save(workbook)
    run.rejects.save("dong-loi.xlsx", ContentFile(workbook.getvalue()), save=True)
    return run


# Route parameter → the values it takes for this user: their own records, chosen by the route's name (view
# module and name) where a parameter names different records on different routes.
PK_RECORDS = (  # route-name prefix → the world's record a <pk> names
    ("registry:establishment_", "est_a"), ("registry:village_", "village_a"), ("registry:product_", "product_a"),
    ("registry:certificate_", "product_a"), ("registry:duplicate_", "flag_a"),
    ("projects:", "project_a"),
    ("training:class_", "class_a"), ("training:trainee_", "class_a"), ("training:roster_", "class_a"),
    ("training:follow_up_", "class_a"),
    ("training:transplant_", "transplant_a"), ("training:check_", "transplant_a"),
    ("imports:run", "run"),
    ("indicators:value_", "value_a"), ("indicators:target_", "target_a"), ("indicators:flag_", "quality_a"),
    ("reports:", "report_a"),
    ("portal:directory_photo", "photo_public"),
    # The portal's back office (articles are not placed in a commune: the same records for every role).
    ("portal:article_revision", "article_revision"), ("portal:article_restore", "article_revision"),
    ("portal:article_image_upload", "article"), ("portal:article_image", "article_image"),
    ("portal:article", "article"),
)
PARAMS = {
    "pk": lambda w, name: [next(w[key].pk for prefix, key in PK_RECORDS if name.startswith(prefix))],
    "trainee_pk": lambda w, name: [w["trainee_a"].pk],
    "attachment_id": lambda w, name: [w["attachment_a"].pk],
    "photo_id": lambda w, name: [w["photo_a"].pk],
    "code": lambda w, name: [w["village_a"].code],  # the public directory's village page
    "name": lambda w, name: [t.name for t in transitions_from(w["project_a"].state)],  # a project's transitions
    "kind": lambda w, name: list(KINDS),  # every registered import kind
    "fmt": lambda w, name: ["docx", "xlsx", "pdf"] if name.startswith("reports:") else ["xlsx", "csv"],
    # the portal's public news (no scope): a category's page or an article's
    "slug": lambda w, name: [w["article"].category.slug if name == "portal:news_category" else w["article"].slug],
}


def _routes(resolver=None, prefix="", namespace=""):
    """(route text, full url name, pattern) of every URL the resolver lists."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, route, ns)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else "", entry


def _direct_urls(w) -> list[tuple[str, str]]:
    urls = []
    for route, name, entry in _routes():
        if any(route.startswith(p) for p in SKIPPED_PREFIXES) or name in SKIPPED_NAMES:
            continue
        assert name, f"route “{route}” has no name: the leak test fills parameters by route name"
        params = list(getattr(entry.pattern, "converters", {}))
        missing = [p for p in params if p not in PARAMS]
        assert not missing, f"{name}: no own record for <{', '.join(missing)}>; add it to PARAMS in tests/test_leaks.py"
        combos = [{}]
        for param in params:
            combos = [dict(c, **{param: value}) for c in combos for value in PARAMS[param](w, name)]
        urls += [(name, reverse(name, kwargs=kwargs)) for kwargs in combos]
    return urls


class _Anchors(HTMLParser):
    """The hrefs of a page's links and the text inside its <a> elements."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.inside, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.depth += 1
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag):
        if tag == "a" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.inside.append(data)


def _check(url, response, other_urls) -> list[str]:
    """The page's same-site links, after checking that the other commune's records are named, never linked."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        cells = [str(c) for ws in openpyxl.load_workbook(io.BytesIO(body), read_only=True).worksheets
                 for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        assert not any(OTHER in c for c in cells), f"{url}: the export holds a record of the other commune"
        return []
    if "text/csv" in kind:
        assert OTHER not in body.decode("utf-8-sig"), f"{url}: the export holds a record of the other commune"
        return []
    if "text/html" not in kind:
        return []
    parser = _Anchors()
    parser.feed(body.decode())
    linked = " ".join(parser.inside)
    assert OTHER not in linked, f"{url}: a record of the other commune is a link: {linked[:300]}"
    links = []
    for href in parser.hrefs:
        target = urljoin(url, href)
        parts = urlsplit(target)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver") or not parts.path:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        assert parts.path not in other_urls, f"{url} links {path}, a record of the other commune"
        if not parts.path.startswith(UNFOLLOWED_LINKS):
            links.append(path)
    return links


@pytest.mark.parametrize("role", Role.values)
def test_no_page_links_or_leaks_the_other_communes_records(client, make_user, world, role):
    user = make_user(f"{role}-pn", role=role, unit="10030")
    world["run"] = _run_of(user)
    other_urls = {reverse(name, args=[world[key].pk]) for name, key in (
        ("registry:establishment_detail", "est_b"), ("registry:village_detail", "village_b"),
        ("registry:product_detail", "product_b"), ("projects:project_detail", "project_b"),
        ("projects:project_detail", "project_city"), ("training:class_detail", "class_b"),
        ("training:transplant_detail", "transplant_b"), ("reports:detail", "report_b"),
        ("indicators:flag_detail", "quality_b"))}
    client.force_login(user)
    links: deque[tuple[str, str]] = deque()
    opened = {}
    for name, url in _direct_urls(world):
        response = client.get(url)
        opened[url] = response.status_code
        # 403: a page this role may not use (reached by typing its address, never by a link); 405: POST only
        assert response.status_code in (200, 302, 403, 405), f"{name} {url}: {response.status_code} for {role}"
        if response.status_code == 302:
            links.append((url, response["Location"]))
        elif response.status_code == 200:
            links.extend((url, link) for link in _check(url, response, other_urls))
    found = len(links)
    while links:
        source, link = links.popleft()
        if link in opened and opened[link] == 200:
            continue
        response = client.get(link, follow=True)
        opened[link] = response.status_code
        assert response.status_code == 200, f"{link} (a link on {source}) answers {response.status_code} to {role}"
        _check(link, response, other_urls)
    assert found > 100 and len(opened) > 80  # the walk did reach the pages and their links
