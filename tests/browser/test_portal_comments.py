"""A reader in a real browser: reads an article (counted once however often reloaded), sends a comment (a wrong
code first), an editor approves it, and it appears under the article without the reader's email."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.utils import timezone

from khuyencong.portal.models import Article, ArticleState, Category, Comment, CommentState
from khuyencong.portal.services import counting
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def answer(page) -> str:
    key = page.get_attribute("input[name=captcha_0]", "value")
    return CaptchaStore.objects.get(hashkey=key).response


def test_reader_comment_and_moderation(browser, live_server, units_loaded, make_user, settings, screenshot):
    settings.REDIS_URL = ""
    cache.clear()
    counting.BUFFER.clear()
    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    article = Article.objects.create(title="Hội chợ hàng thủ công", slug="hoi-cho", lead="Sapo.", body="<p>Bài.</p>",
                                     category=category, state=ArticleState.PUBLISHED,
                                     published_at=timezone.now() - timedelta(hours=1))
    make_user("bientap", role="editor")
    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", user_agent=READER_AGENT)
    page = reader.new_page()
    page.set_default_timeout(15_000)
    url = f"{live_server.url}/tin-tuc/{article.slug}/"
    for _ in range(3):
        page.goto(url)
    assert counting.shown_count(article) == 1
    assert any(c["name"] == "kc_visitor" and c["httpOnly"] for c in reader.cookies())

    page.fill("#id_name", "Trần Thị Bình")
    page.fill("#id_email", "binh@example.vn")
    page.fill("#id_text", "Xin hỏi lịch mở cửa\ncủa hội chợ?")
    page.fill("#id_captcha_1", "sai")
    page.click("form.comment-form button[type=submit]")
    assert page.locator("text=Mã xác nhận không đúng").is_visible()
    assert page.input_value("#id_text") == "Xin hỏi lịch mở cửa\ncủa hội chợ?"
    assert Comment.objects.count() == 0
    page.fill("#id_captcha_1", answer(page))
    page.click("form.comment-form button[type=submit]")
    assert page.locator("text=Ý kiến của bạn đang chờ duyệt.").is_visible()
    assert "Xin hỏi lịch mở cửa" not in page.content()
    screenshot(page, "portal-comment-sent")

    editor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    editor.set_default_timeout(15_000)
    editor.base_url = live_server.url
    login(editor, "bientap", PASSWORD)
    editor.goto(f"{live_server.url}/bien-tap/y-kien/")
    assert editor.locator("text=binh@example.vn").is_visible()
    editor.click("button:has-text('Duyệt')")
    assert Comment.objects.get().state == CommentState.APPROVED
    screenshot(editor, "portal-comment-queue")

    page.goto(url)
    comment = page.locator(".comments .comment")
    assert comment.count() == 1
    assert "Trần Thị Bình" in comment.inner_text() and "của hội chợ?" in comment.inner_text()
    assert "binh@example.vn" not in page.content()
    assert counting.shown_count(article) == 1
    reader.close()
