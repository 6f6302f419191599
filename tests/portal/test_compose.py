"""“Soạn bài tin”: a draft article written from the engine's figures, with the report's wording; the buttons on a
finished report's page and on the programme page; who may press them; what the draft keeps."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from khuyencong.core.periods import Period
from khuyencong.geo.models import AdminUnit
from khuyencong.indicators.models import Target
from khuyencong.portal import writing
from khuyencong.portal.models import Article, ArticleRevision, ArticleState
from khuyencong.portal.services.compose import compose_article, next_targets
from khuyencong.reports import wording
from khuyencong.reports.content import Figures
from khuyencong.reports.models import Report, ReportState

B, M = 1_000_000_000, 1_000_000
# The figures of Hà Nội's 2011–2015 programme as the demo's records give them to the engine.
DEMO_LIKE = {
    "establishments_supported": 5_037, "support_funds": None, "counterpart_funds": None, "jobs_created": 49_760,
    "new_designs": 1_046, "technology_projects": 0, "training_classes": 473, "trainees": 17_800,
    "employment_rate": 80.0, "management_classes": 35, "managers_trained": 3_000, "villages_transplanted": 250,
    "transplants_sustained_rate": 100.0, "craft_villages": 1_350, "recognised_villages": 274,
    "traditional_villages": 198, "village_workers": 626_500, "village_households": 166_300,
    "village_production_value": 7_658_400 * M, "village_share_of_industry": 8.4, "cnnt_growth": 10.0,
}


def hanoi_figures(values=None, unapproved=()) -> Figures:
    unit = AdminUnit(code="01", name="Thành phố Hà Nội", division_type="thành phố trung ương", hierarchy="current",
                     level="province")
    return Figures(unit=unit, period=Period(2011, 2015), values=dict(DEMO_LIKE if values is None else values),
                   unapproved=set(unapproved), years={}, trend=Period(2011, 2015), children=None, child_labels={},
                   targets=[], next_targets=[], has_data=True)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_demo_like_figures_give_the_seed_articles_phrases():
    draft = writing.write(hanoi_figures())
    body = draft.body
    for phrase in (
        "<h2>Những thành quả đáng ghi nhận</h2>",
        "Trong giai đoạn 2011–2015, Khuyến công Hà Nội đã hỗ trợ kinh phí cho hơn 5.000 doanh nghiệp, cơ sở công "
        "nghiệp nông thôn (CNNT)",
        "tạo việc làm và tăng thu nhập cho gần 50.000 lao động",
        "hơn 1.000 mẫu sản phẩm mới được tạo ra",
        "Cùng với đó, Trung tâm cũng đã tổ chức được 473 lớp truyền nghề, nhân cấy nghề cho 17.800 lao động.",
        "80% số lao động sau khi được đào tạo nghề đã tìm được việc làm.",
        "Đặc biệt, trong giai đoạn này, Trung tâm đã triển khai cấy nghề cho 250 làng thuần nông",
        "trên địa bàn thành phố có 1.350 làng nghề và làng có nghề, trong đó 198 làng nghề truyền thống được công "
        "nhận.",
        "Tổng cộng 274 làng đã được công nhận làng nghề, làng nghề truyền thống.",
        # 626.500 has four significant digits: two kept, as the report writes it
        "Các làng nghề thu hút gần 630.000 lao động với gần 170.000 hộ sản xuất.",
        "chiếm 8,4% giá trị sản xuất công nghiệp toàn thành phố",
        "35 lớp tập huấn nâng cao kỹ năng quản lý, quản trị, thiết kế mẫu cho 3.000 cán bộ quản lý",
        "CNNT của thành phố đạt tốc độ tăng trưởng bình quân 10%/năm.",
    ):
        assert phrase in body, phrase
    assert set(re.findall(r"</?([a-z0-9]+)", body)) <= {"p", "h2", "strong", "em", "ul", "li"}
    for leak in ("None", "nan", "{", "chưa có số liệu", "0 đề án"):
        assert leak not in body, leak
    assert draft.title == "Khuyến công Hà Nội: kết quả giai đoạn 2011–2015"
    # no target of a next programme given: no second heading
    assert "Tập trung phát triển" not in body
    assert {"training_classes", "trainees", "employment_rate", "craft_villages"} <= set(draft.used)
    assert "technology_projects" not in draft.used and "support_funds" not in draft.used


def test_a_sentence_whose_figures_are_zero_or_missing_is_left_out():
    values = dict(DEMO_LIKE, training_classes=0, trainees=0, employment_rate=None, villages_transplanted=None,
                  transplants_sustained_rate=None, management_classes=0)
    body = text_of(writing.write(hanoi_figures(values)).body)
    assert "lớp truyền nghề" not in body and "tìm được việc làm" not in body
    assert "cấy nghề cho" not in body and "lớp tập huấn" not in body
    assert "1.350 làng nghề" in body and "hơn 5.000 doanh nghiệp" in body
    empty = writing.write(hanoi_figures({code: None for code in DEMO_LIKE})).body
    assert "Những thành quả" not in empty and "chưa có số liệu khuyến công nào" in empty


@pytest.mark.parametrize("value", [5_012, 49_760, 1_046, 473, 17_800, 626_500, 1_284_000, 5_150])
def test_rounding_is_the_reports(value):
    values = dict(DEMO_LIKE, establishments_supported=value)
    body = writing.write(hanoi_figures(values)).body
    written = wording.approximate(value)
    assert f"hỗ trợ kinh phí cho {written} doanh nghiệp" in body
    assert writing.as_written(value, "establishments_supported") == written
    assert wording.approximate(5_012) == "hơn 5.000"


def test_a_figure_resting_on_unapproved_data_is_an_estimate():
    body = writing.write(hanoi_figures(unapproved={"village_share_of_industry", "cnnt_growth"})).body
    assert "chiếm khoảng 8,4% giá trị sản xuất công nghiệp" in body
    assert "bình quân khoảng 10%/năm" in body


# --- with the records -----------------------------------------------------------------------------------------
@pytest.fixture
def editor(make_user):
    return make_user("bientap", role="editor", unit="01", full_name="Quách Minh")


@pytest.fixture
def done_report(world):
    return Report.objects.create(kind="review", unit=world.hanoi, start_year=2011, end_year=2015,
                                 state=ReportState.DONE, progress=100, finished_at=timezone.now())


def test_the_service_writes_a_draft_that_keeps_its_source(world, editor):
    Target.objects.create(indicator="jobs_created", unit=world.hanoi, start_year=2016, end_year=2020, low=60_000,
                          high=75_000)
    Target.objects.create(indicator="technology_projects", unit=world.hanoi, start_year=2016, end_year=2020, low=50)
    before = timezone.now()
    article = compose_article(user=editor, unit=world.hanoi, period="2011-2015", source_label="báo cáo số 7",
                              source_url="/bao-cao/7/")
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT and article.category.name == "Tin hoạt động"
    assert article.figures_source == "/bao-cao/7/" and article.figures["source_label"] == "báo cáo số 7"
    assert before <= article.figures_as_of <= timezone.now()
    assert article.figures["period"] == "2011-2015" and article.figures["unit"] == "01"
    # the small world's engine values (tests/indicators/test_engine.py): 3 classes of truyền nghề/cấy nghề
    assert article.figures["values"]["training_classes"] == 3
    assert "tổ chức được 3 lớp truyền nghề" in article.body
    assert "<h2>Tập trung phát triển sản xuất công nghiệp - TTCN nông thôn</h2>" in article.body
    assert "tạo việc làm cho 60.000–75.000 lao động nông thôn" in article.body
    assert "hỗ trợ ít nhất 50 đề án chuyển giao công nghệ" in article.body
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert [t.indicator for t in next_targets(world.hanoi, Period(2011, 2015))] == ["jobs_created",
                                                                                      "technology_projects"]


def test_the_button_shows_for_editors_on_a_done_report_only(client, world, people, editor, done_report):
    url = reverse("reports:detail", args=[done_report.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Soạn bài tin" in page and reverse("portal:compose_from_figures") in page
    assert f'name="report" value="{done_report.pk}"' in page
    client.force_login(people.approver)
    assert "Soạn bài tin" in client.get(url).content.decode()
    for user in (people.viewer, people.staff):
        client.force_login(user)
        assert "Soạn bài tin" not in client.get(url).content.decode()
    running = Report.objects.create(kind="review", unit=world.hanoi, start_year=2016, end_year=2020,
                                    state=ReportState.RUNNING)
    client.force_login(editor)
    assert "Soạn bài tin" not in client.get(reverse("reports:detail", args=[running.pk])).content.decode()


def test_the_button_shows_on_the_programme_page_for_editors(client, world, people, editor):
    url = reverse("indicators:programme") + "?unit_code=01&unit_hierarchy=current&period=2011-2015"
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Soạn bài tin" in page and 'name="period" value="2011-2015"' in page
    client.force_login(people.viewer)
    assert "Soạn bài tin" not in client.get(url).content.decode()


def test_an_editor_composes_from_a_report_and_lands_on_the_draft(client, world, editor, done_report):
    client.force_login(editor)
    response = client.post(reverse("portal:compose_from_figures"), {"report": done_report.pk})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("portal:article_edit", args=[article.pk])
    assert article.figures_source == reverse("reports:detail", args=[done_report.pk])
    assert article.created_by == editor and article.state == ArticleState.DRAFT
    page = client.get(response.url).content.decode()
    local = timezone.localtime(article.figures_as_of)
    assert f"tính lúc {local:%d/%m/%Y %H:%M}" in page
    assert "Viết từ số liệu của" in page and f'href="{article.figures_source}"' in page


def test_an_editor_composes_from_the_programme_page(client, world, editor):
    client.force_login(editor)
    response = client.post(reverse("portal:compose_from_figures"),
                           {"unit_code": "01", "unit_hierarchy": "current", "period": "2011-2015"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.figures_source.startswith(reverse("indicators:programme") + "?unit_code=01")
    assert article.figures["source_label"] == "trang Chương trình: Thành phố Hà Nội [01], 2011–2015"


def test_a_viewer_is_refused_and_nothing_is_stored(client, world, people, done_report):
    for user in (people.viewer, people.staff):
        client.force_login(user)
        response = client.post(reverse("portal:compose_from_figures"), {"report": done_report.pk})
        assert response.status_code == 403
    client.logout()
    assert client.post(reverse("portal:compose_from_figures"), {"report": done_report.pk}).status_code == 302
    assert not Article.objects.exists()


def test_a_unit_outside_the_editors_area_is_refused(client, world, make_user):
    local = make_user("bientap.phunghia", role="editor", unit="10030")
    client.force_login(local)
    response = client.post(reverse("portal:compose_from_figures"),
                           {"unit_code": "01", "unit_hierarchy": "current", "period": "2011-2015"})
    assert response.status_code == 403 and "nằm ngoài địa bàn" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("data, says", [
    ({"unit_code": "99999", "period": "2011-2015"}, "99999"),
    ({"unit_code": "01", "period": "20x1"}, "20x1"),
    ({}, "Chọn một đơn vị"),
    ({"report": "abc"}, "Mã báo cáo phải là một số."),
])
def test_bad_input_gets_a_message_and_nothing_is_stored(client, world, editor, data, says):
    client.force_login(editor)
    response = client.post(reverse("portal:compose_from_figures"), data)
    assert response.status_code == 400
    assert says in response.content.decode() and "Chưa có bài nào được lưu" in response.content.decode()
    assert not Article.objects.exists()


def test_an_unfinished_report_is_refused(client, world, editor):
    report = Report.objects.create(kind="review", unit=world.hanoi, start_year=2011, end_year=2015,
                                   state=ReportState.RUNNING, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    client.force_login(editor)
    response = client.post(reverse("portal:compose_from_figures"), {"report": report.pk})
    assert response.status_code == 400 and "chưa lập xong" in response.content.decode()
    assert not Article.objects.exists()


def test_compose_accepts_only_posts(client, world, editor):
    client.force_login(editor)
    assert client.get(reverse("portal:compose_from_figures")).status_code == 405


@pytest.mark.parametrize("name, kind, level, short, place", [
    ("Thành phố Hà Nội", "thành phố trung ương", "province", "Hà Nội", "thành phố"),
    ("Tỉnh Bắc Ninh", "tỉnh", "province", "Bắc Ninh", "tỉnh"),
    ("Huyện Chương Mỹ", "huyện", "district", "huyện Chương Mỹ", "huyện"),
    ("Thị xã Sơn Tây", "thị xã", "district", "thị xã Sơn Tây", "thị xã"),
    ("Xã Phú Nghĩa", "xã", "commune", "xã Phú Nghĩa", "xã"),
])
def test_units_are_named_as_the_news_names_them(name, kind, level, short, place):
    unit = AdminUnit(code="x", name=name, division_type=kind, level=level, hierarchy="current")
    assert (writing.unit_name(unit), writing.place_word(unit)) == (short, place)


def test_the_article_is_vietnamese_whatever_the_editors_language(client, world, editor):
    client.force_login(editor)
    client.post("/i18n/setlang/", {"language": "en"})
    refused = client.post(reverse("portal:compose_from_figures"), {"period": "2011-2015"}).content.decode()
    assert "No article was saved" in refused  # the page speaks English to this editor…
    response = client.post(reverse("portal:compose_from_figures"),
                           {"unit_code": "01", "unit_hierarchy": "current", "period": "2011-2015"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    article = Article.objects.get()  # …and the article is still Vietnamese
    assert article.title == "Khuyến công Hà Nội: kết quả giai đoạn 2011–2015"
    assert "Những thành quả đáng ghi nhận" in article.body and "lớp truyền nghề" in article.body


def test_one_year_reads_as_a_year():
    figures = hanoi_figures()
    figures.period = Period(2015, 2015)
    draft = writing.write(figures)
    assert draft.title == "Khuyến công Hà Nội: kết quả năm 2015"
    assert draft.body.count("Trong năm 2015, Khuyến công Hà Nội đã hỗ trợ kinh phí") == 1
    assert "Đặc biệt, trong năm này" in draft.body and "giai đoạn" not in draft.body
