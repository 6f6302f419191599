"""The public news pages in a real browser: on a phone nothing is wider than the screen and the header's links
stay visible; on a desktop the side column (other news, categories) sits beside the article."""

import datetime

import pytest
from django.utils import timezone

from khuyencong.accounts.services.users import user_add
from khuyencong.portal.models import Article, ArticleState, Category
from khuyencong.portal.services.articles import article_create
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = "() => ({doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"
WIDE_BODY = ('<h2>Những thành quả đáng ghi nhận</h2><p>Đoạn văn.</p>'
             '<figure><img src="/static/none.png" width="2000" height="800" alt="Ảnh rộng">'
             '<figcaption>Các sản phẩm mây tre giang đan của huyện Chương Mỹ</figcaption></figure>'
             '<table><tr>' + "".join(f"<td>Cột số {n} rất dài của bảng số liệu</td>" for n in range(12))
             + "</tr></table>")


@pytest.fixture
def articles(units_loaded):
    user = user_add(username="bientap", role="editor", unit_code="01", hierarchy="current", password=PASSWORD).user
    category = Category.objects.create(name="Làng nghề", slug="lang-nghe")
    made = []
    for n in range(3):
        article = article_create(user=user, title=f"Chương Mỹ phát triển làng nghề mây tre đan, bài {n + 1}",
                                 lead="Huyện Chương Mỹ hiện có 174 làng có nghề.", body=WIDE_BODY, category=category,
                                 author_initials="QM")
        Article.objects.filter(pk=article.pk).update(
            state=ArticleState.PUBLISHED, published_at=timezone.now() - datetime.timedelta(days=n + 1))
        made.append(article)
    return made


def test_public_pages_fit_a_phone(browser, live_server, articles, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    too_wide = []
    for path in ("/", "/tin-tuc/", "/tin-tuc/?q=lang+nghe", f"/tin-tuc/{articles[0].slug}/", "/tin-tuc/khong-co/"):
        page.goto(live_server.url + path)
        size = page.evaluate(WIDTH)
        if size["doc"] > size["view"]:
            too_wide.append((path, size["doc"]))
        assert page.locator(".portal-top a:has-text('Tin tức')").is_visible(), path
    assert not too_wide, too_wide
    page.goto(f"{live_server.url}/tin-tuc/{articles[0].slug}/")
    assert page.locator(".article-body img").bounding_box()["width"] <= 390
    screenshot(page, "portal-article-phone")
    context.close()


def test_article_on_a_desktop_with_other_news_beside_it(browser, live_server, articles, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/tin-tuc/{articles[0].slug}/")
    article, side = page.locator(".news-article").bounding_box(), page.locator(".news-others").bounding_box()
    assert side["x"] > article["x"] + article["width"]
    assert page.locator(".news-others li").count() == 2
    assert "Lượt xem: 0" in page.locator(".article-meta").inner_text()
    screenshot(page, "portal-article-desktop")
    page.click(".portal-top a:has-text('Tin tức')")
    page.fill("input[name=q]", "may tre")
    page.click(".news-search button")
    assert page.locator(".news-item").count() == 3
    context.close()
