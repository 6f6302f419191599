"""Reader comments: what is refused (each with a Vietnamese message and nothing stored), what the public sees, and
who moderates."""

import re
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khuyencong.core.models import AuditEntry
from khuyencong.core.navigation import badge_for
from khuyencong.portal.models import Article, ArticleState, Category, Comment, CommentState
from khuyencong.portal.services import counting
from khuyencong.portal.services.comments import comment_moderate

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
WAITING = "Ý kiến của bạn đang chờ duyệt."


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    counting.BUFFER.clear()
    yield
    counting.BUFFER.clear()
    cache.clear()


@pytest.fixture
def category(db):
    return Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")


@pytest.fixture
def article(category):
    return Article.objects.create(title="Hội chợ hàng thủ công", slug="hoi-cho", lead="Sapo.", body="<p>Bài.</p>",
                                  category=category, state=ArticleState.PUBLISHED,
                                  published_at=timezone.now() - timedelta(hours=1))


def page_url(article) -> str:
    return reverse("portal:article", args=[article.slug])


def post_url(article) -> str:
    return reverse("portal:comment_post", args=[article.slug])


def captcha() -> tuple[str, str]:
    """A real challenge from the captcha store and its answer (read from the store, as a person reads the image)."""
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def fields(**changes) -> dict:
    key, answer = captcha()
    data = {"name": "Nguyễn Văn An", "email": "an@example.vn", "text": "Bài viết rất hữu ích.\nCảm ơn Trung tâm.",
            "website": "", "captcha_0": key, "captcha_1": answer}
    data.update(changes)
    return data


def send(article, client=None, address="203.0.113.5", **changes):
    return (client or Client()).post(post_url(article), fields(**changes), REMOTE_ADDR=address,
                                     headers={"user-agent": BROWSER})


def text_of(response) -> str:
    return response.content.decode()


def test_the_form_on_the_article_page_sends_a_pending_comment(article):
    client = Client()
    page = text_of(client.get(page_url(article), headers={"user-agent": BROWSER}))
    assert "Ý kiến bạn đọc" in page and "Mã xác nhận" in page
    # Reading the article makes no challenge (a database row); the form asks for one when the reader starts writing.
    assert not CaptchaStore.objects.exists() and 'name="captcha_0"' not in page
    # Without scripts, the reader writes on the comment page, which shows the challenge at once.
    assert 'name="captcha_0"' in text_of(client.get(post_url(article)))
    fragment = text_of(client.get(reverse("portal:comment_captcha", args=[article.slug])))
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', fragment).group(1)
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {"name": "Trần Thị Bình", "email": "binh@example.vn", "text": "Xin thông tin về lớp đào tạo nghề mây tre.",
            "website": "", "captcha_0": key, "captcha_1": answer.upper()}
    response = client.post(post_url(article), data, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(article)}?y-kien=da-gui#y-kien"
    comment = Comment.objects.get()
    assert (comment.state, comment.name, comment.email) == (CommentState.PENDING, "Trần Thị Bình", "binh@example.vn")
    assert comment.address_hash and "198.51.100.7" not in comment.address_hash
    after = text_of(client.get(response["Location"], headers={"user-agent": BROWSER}))
    assert WAITING in after
    assert "lớp đào tạo nghề mây tre" not in after  # pending: not shown


@pytest.mark.parametrize(("changes", "message"), [
    ({"text": "<script>alert('x')</script>"}, "không chứa thẻ HTML"),
    ({"text": "Xem <a href='http://spam.example'>đây</a>"}, "không chứa thẻ HTML"),
    ({"text": "Chữ <b>đậm</b>"}, "không chứa thẻ HTML"),
    ({"name": "<img src=x onerror=alert(1)>"}, "không chứa thẻ HTML"),
    ({"text": "a" * 2001}, "Ý kiến dài tối đa 2.000 ký tự (bạn đã viết 2.001 ký tự)."),
    ({"captcha_1": "sai-ma"}, "Mã xác nhận không đúng"),
    ({"captcha_0": "khong-co-ma"}, "Mã xác nhận không đúng"),
    ({"email": "khong-phai-thu"}, "Địa chỉ thư điện tử không hợp lệ."),
])
def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_stored(article, changes, message):
    response = send(article, **changes)
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "Ý kiến chưa được gửi." in page
    assert Comment.objects.count() == 0
    assert "<script>alert" not in page and "<img src=x" not in page  # what was typed comes back escaped


def test_all_errors_at_once_and_the_typed_text_kept(article):
    typed = "Ý kiến dài dòng của tôi\nvới hai dòng & ký tự đặc biệt"
    response = send(article, name="", email="sai", text=typed, captcha_1="")
    page = text_of(response)
    for message in ["Vui lòng nhập họ tên.", "Địa chỉ thư điện tử không hợp lệ.", "Vui lòng nhập mã xác nhận."]:
        assert message in page
    assert "với hai dòng &amp; ký tự đặc biệt" in page  # kept in the box, escaped
    assert Comment.objects.count() == 0


def test_the_hidden_box_filled_gets_the_neutral_answer_and_stores_nothing(article):
    response = send(article, website="http://spam.example")
    assert response.status_code == 302
    assert "y-kien=da-gui" in response["Location"]
    assert Comment.objects.count() == 0


def test_a_burst_from_one_address_is_refused(article):
    for n in range(3):
        assert send(article, text=f"Ý kiến số {n + 1}").status_code == 302
    response = send(article, text="Ý kiến số 4")
    assert "Bạn gửi ý kiến quá nhanh, vui lòng thử lại sau ít phút." in text_of(response)
    assert Comment.objects.count() == 3
    # Another address is not held up.
    assert send(article, address="192.0.2.44", text="Ý kiến khác").status_code == 302
    assert Comment.objects.count() == 4


def test_unknown_or_unpublished_articles_take_no_comments(article, category):
    response = Client().post(reverse("portal:comment_post", args=["khong-co-bai-nay"]), fields())
    assert response.status_code == 404
    draft = Article.objects.create(title="Bản nháp", slug="ban-nhap", lead="Sapo.", category=category)
    scheduled = Article.objects.create(title="Hẹn giờ", slug="hen-gio", lead="Sapo.", category=category,
                                       state=ArticleState.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    for other in (draft, scheduled):
        assert send(other).status_code == 404
    assert Comment.objects.count() == 0


def test_approved_comments_are_shown_escaped_without_email(article, make_user):
    editor = make_user("bientap", role="editor")
    stored = Comment.objects.create(article=article, name="Lê <Cường>", email="cuong@example.vn",
                                    text="Dòng một <script>alert(1)</script>\nDòng hai http://example.vn")
    Comment.objects.create(article=article, name="Chưa duyệt", email="cho@example.vn", text="Đang chờ")
    comment_moderate(user=editor, comment=stored, action="approve")
    page = text_of(Client().get(page_url(article), headers={"user-agent": BROWSER}))
    assert "Lê &lt;Cường&gt;" in page
    assert "Dòng một &lt;script&gt;alert(1)&lt;/script&gt;<br>Dòng hai http://example.vn" in page
    assert '<a href="http://example.vn' not in page
    assert "cuong@example.vn" not in page and "cho@example.vn" not in page and "Đang chờ" not in page


def test_moderation_queue_permissions(article, make_user):
    Comment.objects.create(article=article, name="Phạm Dũng", email="dung@example.vn", text="Cần thêm thông tin",
                           address_hash="9f" * 32)
    url = reverse("portal:comment_queue")
    assert Client().get(url).status_code == 302  # to the login page
    staff = Client()
    staff.force_login(make_user("canbo", role="centre_staff"))
    refused = staff.get(url)
    assert refused.status_code == 403
    assert "Chỉ Biên tập viên, Lãnh đạo phê duyệt được duyệt ý kiến bạn đọc." in text_of(refused)
    comment = Comment.objects.get()
    assert staff.post(url, {"comment": comment.pk, "action": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.state == CommentState.PENDING
    for role in ("editor", "approver"):
        client = Client()
        client.force_login(make_user(f"u-{role}", role=role))
        page = text_of(client.get(url))
        assert "Phạm Dũng" in page and "dung@example.vn" in page and comment.address_hash not in page


def test_moderating_changes_what_the_public_sees_and_is_audited(article, make_user):
    editor = make_user("bientap", role="editor")
    older = Comment.objects.create(article=article, name="Người một", email="mot@example.vn", text="Ý kiến một")
    newer = Comment.objects.create(article=article, name="Người hai", email="hai@example.vn", text="Ý kiến hai")
    assert badge_for("portal:editorial", editor)["badge"] == 2
    assert badge_for("portal:editorial", make_user("canbo", role="centre_staff")) == {}
    client = Client()
    client.force_login(editor)
    url = reverse("portal:comment_queue")
    assert client.post(url, {"comment": older.pk, "action": "approve"}).status_code == 302
    assert client.post(url, {"comment": newer.pk, "action": "spam"}).status_code == 302
    assert client.post(url, {"comment": "abc", "action": "approve"}).status_code == 404
    assert client.post(url, {"comment": older.pk, "action": "xoa"}).status_code == 400
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.state, older.moderated_by) == (CommentState.APPROVED, editor)
    assert newer.state == CommentState.SPAM
    entry = AuditEntry.objects.filter(object_id=str(older.pk), action="transition").get()
    assert entry.actor == editor and entry.changes == {"state": ["Chờ duyệt", "Đã duyệt"]}
    assert badge_for("portal:editorial", editor) == {}
    page = text_of(Client().get(page_url(article), headers={"user-agent": BROWSER}))
    assert "Ý kiến một" in page and "Ý kiến hai" not in page


def test_queue_lists_pending_first(article, make_user):
    done = Comment.objects.create(article=article, name="Đã xử lý", email="a@example.vn", text="Cũ",
                                  state=CommentState.APPROVED)
    Comment.objects.create(article=article, name="Chờ một", email="b@example.vn", text="Mới")
    Comment.objects.filter(pk=done.pk).update(created_at=timezone.now() + timedelta(minutes=5))
    client = Client()
    client.force_login(make_user("bientap", role="editor"))
    page = text_of(client.get(reverse("portal:comment_queue")))
    assert page.index("Chờ một") < page.index("Đã xử lý")
    assert "Đã duyệt" in page and "Chờ duyệt" in page


def test_a_comment_of_exactly_2000_characters_with_browser_line_breaks_is_taken(article):
    typed = ("Dòng ý kiến.\n" * 200)[:1990] + "x" * 10
    text = typed.replace("\n", "\r\n")
    assert len(typed) == 2000 < len(text)
    assert send(article, text=text).status_code == 302
    assert "\r" not in Comment.objects.get().text
