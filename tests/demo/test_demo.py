"""The demo dataset, loaded once for the module (the full Hà Nội dataset, as `khuyencong demo` loads it): the
engine gives the published figures, every workflow state and role is there, records sit in the hierarchy of their
date, the banner shows, a second load is refused and two loads give the same records."""

import datetime
import io
import subprocess
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from khuyencong.accounts.models import RoleAssignment, User
from khuyencong.demo.articles import SEED_PHRASES, SEED_TITLE, check_article
from khuyencong.demo.check import check_figures
from khuyencong.demo.loader import DemoError, load
from khuyencong.demo.published import FIGURES
from khuyencong.demo.reset import reset
from khuyencong.demo.selectors import dataset_checksum
from khuyencong.demo.users import DEMO_PASSWORD, ROLES
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import unit_get
from khuyencong.indicators.engine import compute
from khuyencong.portal.models import Article, ArticleState
from khuyencong.portal.selectors import public_articles
from khuyencong.projects.models import Attachment, Project, ProjectState
from khuyencong.registry.models import ProductPhoto
from khuyencong.training.models import TrainingClass
from tests.reports.conftest import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    # INDICATORS_SOURCE=direct: the immediate task backend of the tests would otherwise rebuild the aggregate
    # tables once per import and per project transition, as their commit callbacks run one after another
    # (the worker's queue runs one rebuild); these tests read the records directly.
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, INDICATORS_SOURCE="direct"):
        started = time.monotonic()
        report = load()
        print(f"\nDemo loaded in {time.monotonic() - started:.1f} s: {report.counts}")
        yield report
        reset()


def test_the_engine_gives_the_published_figures(demo):
    lines = check_figures()
    assert {(line.figure.code, line.figure.period) for line in lines} == {(f.code, f.period) for f in FIGURES}
    wrong = [(line.figure.code, line.figure.period, line.value) for line in lines if not line.ok]
    assert not wrong
    # the same figures, read as a person reads the report
    hanoi = unit_get(code="01", hierarchy=Hierarchy.LEGACY)
    values = compute(unit=hanoi, period="2011-2015", source="direct").values
    assert (values["training_classes"], values["trainees"], round(values["employment_rate"], 1)) == (473, 17_800, 80.0)
    assert (values["villages_transplanted"], values["transplants_sustained_rate"]) == (250, 100.0)
    assert (values["management_classes"], values["managers_trained"]) == (35, 3_000)
    villages = (values["craft_villages"], values["recognised_villages"], values["traditional_villages"])
    assert villages == (1_350, 274, 198)
    assert round(values["cnnt_growth"], 1) == 10.0
    assert 5_000 < values["establishments_supported"] < 5_100 and 49_000 < values["jobs_created"] < 50_000
    assert 1_000 < values["new_designs"] < 1_100
    last_year = compute(unit=hanoi, period="2015", source="direct").values
    assert (last_year["village_workers"], last_year["village_households"]) == (626_500, 166_300)
    assert 7_658 * 10**9 < last_year["village_production_value"] < 7_659 * 10**9
    assert round(last_year["village_share_of_industry"], 1) == 8.4
    later = compute(unit=hanoi, period="2016-2020", source="direct").values
    assert (later["training_classes"], later["trainees"], later["technology_projects"]) == (274, 9_590, 64)
    assert round(later["employment_rate"], 2) == 81.06 and (later["management_classes"], later["managers_trained"]) == (
        72, 7_200)
    # today's unit 01 holds the same records (and its own copy of the city's reported figures)
    assert all(line.ok for line in check_figures(Hierarchy.CURRENT))


def test_the_review_written_from_the_demo_carries_the_published_figures(demo, tmp_path):
    """`khuyencong report review --unit 01 --period 2011-2015` on the demo: the review's sentences carry the
    figures of the published five-year review, as Vietnamese write them, and LibreOffice opens it."""
    docx = tmp_path / "review.docx"
    review = ("report", "review", "--unit", "01", "--period", "2011-2015", "--output")
    call_command(*review, str(docx), stdout=io.StringIO())
    text = docx_text(docx.read_bytes())
    for figure in ("Mở 473 lớp", "17.800 lao động", "80%", "250 làng", "1.350"):
        assert figure in text, figure
    for leak in ("None", "nan", "{{", "{%"):
        assert leak not in text
    pdf = tmp_path / "review.pdf"
    call_command(*review, str(pdf), stdout=io.StringIO())
    read_back = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "473 lớp" in read_back.stdout and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in read_back.stdout


def test_the_demo_holds_the_published_article_written_from_its_figures(demo):
    """The Centre's article of 19/04/2016, written by “Soạn bài tin” from the demo's records, carries the five
    figures of the published article; the editor bientap wrote it; four news items are public, one draft waits."""
    article = Article.objects.get(title=SEED_TITLE)
    assert article.state == ArticleState.PUBLISHED and article.view_count == 3573 and article.author_initials == "QM"
    assert timezone.localtime(article.published_at).date() == datetime.date(2016, 4, 19)
    assert article.created_by.username == "bientap" and article.created_by.roles == {"editor"}
    for phrase in SEED_PHRASES:
        assert phrase in article.body, phrase
    assert "Trong giai đoạn 2011–2015, Khuyến công Hà Nội đã hỗ trợ kinh phí cho hơn 5.000 doanh nghiệp" in article.body
    assert "tạo việc làm cho 60.000–75.000 lao động nông thôn" in article.body
    assert article.figures["values"]["training_classes"] == 473 and article.figures_as_of is not None
    assert check_article() == [(phrase, True) for phrase in SEED_PHRASES]
    assert public_articles().count() == 5 and Article.objects.filter(state=ArticleState.REVIEW).count() == 1
    assert public_articles().first().published_at.year == 2026


def test_the_data_quality_page_flags_the_published_slip(demo, client):
    """The demo repeats a published article's slip (nearly 2 thousand billion đồng for 35 management classes of
    3,000 managers) in a draft project; the load's quality scan flags it on the data-quality page."""
    client.force_login(User.objects.get(username="canbo"))
    page = client.get(reverse("indicators:quality")).content.decode()
    assert "1 cảnh báo" in page
    assert "1.995 tỷ đồng cho 3.000 học viên là 665 triệu đồng mỗi học viên" in page
    assert "vượt xa định mức 50 triệu đồng mỗi học viên" in page


def test_the_check_command_prints_each_figure_and_passes(demo):
    out = io.StringIO()
    call_command("demo", "--check", stdout=out)
    text = out.getvalue()
    assert "bỏ qua" in text  # already loaded: nothing loaded twice
    assert "✓ training_classes             2011-2015                     473" in text
    assert "✓ village_share_of_industry    2015                        8,40%" in text
    assert "✗" not in text and "khớp số liệu công bố" in text
    assert "✓ “473 lớp”" in text and "✓ “1.350”" in text
    assert "jobs_created               2021-2025" in text and "60.000 – 70.000" in text


def test_the_check_fails_when_a_figure_differs(demo):
    TrainingClass.objects.filter(kind="truyen_nghe", end_date__year=2013).first().delete()
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--check", stdout=out)
    assert refused.value.returncode == 1 and "training_classes" in str(refused.value)
    assert "✗ training_classes             2011-2015                     472" in out.getvalue()


def test_every_workflow_state_has_a_project_with_documents(demo):
    states = set(Project.objects.values_list("state", flat=True))
    assert states >= set(ProjectState.values)
    walked = Project.objects.filter(imported=False).exclude(state__in=["draft", "cancelled"])
    assert walked.count() >= 9 and all(p.attachments.exists() for p in walked)
    kinds = set(Attachment.objects.values_list("file_type", flat=True))
    assert kinds == {"pdf", "png"}
    attachment = Attachment.objects.filter(file_type="pdf").first()
    with attachment.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_demo_users_for_every_role_at_three_scopes(demo, client):
    scopes = {(a.role, a.unit.hierarchy, a.unit.code)
              for a in RoleAssignment.objects.select_related("unit").filter(user__username__in=_usernames())}
    for role, _stem in ROLES:
        assert {(role, "current", "01"), (role, "legacy", "277"), (role, "current", "10030")} <= scopes
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.filter(username__in=_usernames()))
    response = client.post("/tai-khoan/dang-nhap/", {"username": "phunghia", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def _usernames():
    from khuyencong.demo.users import demo_users

    return [u[0] for u in demo_users()]


def test_records_are_placed_in_the_units_of_their_date(demo):
    before = TrainingClass.objects.filter(end_date__lt="2025-07-01")
    after = TrainingClass.objects.filter(end_date__gte="2025-07-01")
    assert after.exists() and set(after.values_list("commune__hierarchy", flat=True)) == {"current"}
    assert set(before.values_list("commune__hierarchy", flat=True)) == {"legacy"}
    assert set(before.values_list("commune__province__code", flat=True)) == {"01"}
    late = Project.objects.filter(accepted_on__gte="2025-07-01", commune__isnull=False)
    assert late.exists() and set(late.values_list("commune__hierarchy", flat=True)) == {"current"}


def test_pages_show_the_demo_banner(demo, client):
    client.force_login(User.objects.get(username="canbo"))
    for path in ("/", "/so-dang-ky/co-so/", "/de-an/", "/dao-tao/", "/chi-tieu/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Dữ liệu mẫu" in response.content.decode(), path
    client.logout()
    assert "Dữ liệu mẫu" in client.get("/tai-khoan/dang-nhap/").content.decode()


def test_the_public_directory_has_descriptions_photos_and_listed_establishments(demo, client):
    assert demo.counts["listed"] >= 10 and demo.counts["photos"] >= 10
    page = client.get("/danh-ba/lang-nghe/LN-VANPHUC/").content.decode()
    assert "Làng lụa Vạn Phúc" in page and "được Ủy ban nhân dân thành phố công nhận là làng nghề truyền thống" in page
    assert "Cơ sở sản xuất công khai thông tin" in page and "0243 " in page
    photo = ProductPhoto.objects.select_related("product__establishment__craft_village").first()
    village = photo.product.establishment.craft_village
    page = client.get(f"/danh-ba/lang-nghe/{village.code}/").content.decode()
    assert f"/danh-ba/anh/{photo.pk}/" in page
    response = client.get(f"/danh-ba/anh/{photo.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_second_load_is_refused_and_the_command_skips_it(demo):
    with pytest.raises(DemoError, match="đã được nạp"):
        load()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "bỏ qua" in out.getvalue()


def test_two_loads_give_the_same_records(demo):
    first = dataset_checksum()
    assert first["trainees"][0] == demo.counts["trainees"] and first["establishments"][0] == 6_200
    reset()
    assert not Project.objects.exists() and not TrainingClass.objects.exists()
    load()
    assert dataset_checksum() == first
