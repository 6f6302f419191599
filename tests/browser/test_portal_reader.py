"""The portal as a reader meets it, on the demo dataset in Chromium: the front page, the Centre's article on the
2011–2015 programme (written from the records, carrying the review's figures), a comment that waits for moderation
and appears once an editor approves it; the directory lists the demo's recognised villages and their products."""

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import override_settings

from khuyencong.demo.articles import SEED_TITLE
from khuyencong.demo.loader import load
from khuyencong.demo.users import DEMO_PASSWORD
from khuyencong.portal.models import Article, Comment, CommentState
from khuyencong.portal.services import counting
from khuyencong.registry.selectors import public_products_of, public_villages
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def demo(settings, tmp_path, units_loaded):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDIS_URL = ""
    cache.clear()
    counting.BUFFER.clear()
    with override_settings(INDICATORS_SOURCE="direct"):
        load()


def test_a_reader_reads_the_review_article_and_comments_an_editor_approves(browser, live_server, demo, screenshot):
    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", user_agent=READER_AGENT)
    page = reader.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/")
    assert "Đăng nhập" in page.inner_text("header")
    screenshot(page, "portal-front-demo")
    page.click(f"a:has-text('{SEED_TITLE[:40]}')")
    page.wait_for_url("**/tin-tuc/*/")
    article = page.inner_text("main")
    for figure in ("473 lớp", "17.800 lao động", "80%", "250 làng", "1.350"):
        assert figure in article, figure
    assert "19/04/2016" in article and "QM" in article
    seed = Article.objects.get(title=SEED_TITLE)
    views_before = counting.shown_count(seed)
    page.reload()
    assert counting.shown_count(seed) == views_before  # one visitor, one view a day
    screenshot(page, "portal-article-demo")

    page.fill("#id_name", "Nguyễn Văn An")
    page.fill("#id_email", "an.nguyen@example.vn")
    page.fill("#id_text", "Xin cho biết cách đăng ký lớp truyền nghề mây tre đan năm tới?")
    key = page.get_attribute("input[name=captcha_0]", "value")
    page.fill("#id_captcha_1", CaptchaStore.objects.get(hashkey=key).response)
    page.click("form.comment-form button[type=submit]")
    assert page.locator("text=Ý kiến của bạn đang chờ duyệt.").is_visible()
    assert "cách đăng ký lớp truyền nghề" not in page.inner_text("main")
    assert Comment.objects.get().state == CommentState.PENDING

    editor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    editor.set_default_timeout(15_000)
    editor.base_url = live_server.url
    login(editor, "bientap", DEMO_PASSWORD)
    editor.goto(f"{live_server.url}/bien-tap/y-kien/")
    assert editor.locator("text=an.nguyen@example.vn").is_visible()
    editor.click("button:has-text('Duyệt')")
    assert Comment.objects.get().state == CommentState.APPROVED

    page.goto(page.url.split("?")[0])
    comments = page.locator(".comments .comment")
    assert comments.count() == 1 and "cách đăng ký lớp truyền nghề" in comments.inner_text()
    assert "an.nguyen@example.vn" not in page.content()
    screenshot(page, "portal-article-comment-approved")

    page.goto(f"{live_server.url}/danh-ba/")
    listed = page.inner_text("main")
    villages = list(public_villages()[:3])
    assert villages and all(v.name in listed for v in villages)
    shown = next(v for v in public_villages() if any(p.photos for p in public_products_of(v)))
    product = next(p for p in public_products_of(shown) if p.photos)
    page.goto(f"{live_server.url}/danh-ba/")
    page.click(f"a:has-text('{shown.name}')")
    assert product.name in page.inner_text("main")
    assert page.locator("img[src*='/danh-ba/anh/']").count() >= 1
    screenshot(page, "portal-directory-village-demo")
    reader.close()
