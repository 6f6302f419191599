"""The editors' back office: who may do what, the workflow, the editor's cleaning, images and revisions."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from PIL import Image

from khuyencong.accounts.models import Role
from khuyencong.core.audit import audit_history
from khuyencong.core.models import AuditAction
from khuyencong.portal import selectors
from khuyencong.portal.models import Article, ArticleImage, ArticleState, Category, Tag
from khuyencong.portal.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, EDITOR_EXTENSIONS, clean_html
from khuyencong.portal.services.articles import article_create
from khuyencong.portal.services.transitions import article_transition
from khuyencong.portal.tasks import refresh_scheduled
from khuyencong.portal.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Làng gốm <b>Bát Tràng</b><script>alert("x")</script></p>'
    '<img src="x" onerror="alert(1)" alt="ảnh">'
    '<a href="javascript:alert(1)">bấm</a><a href="https://bat-trang.vn/" target="_blank" onmouseover="x()">web</a>'
    '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
    '<h2 style="color:red" class="x">Tiêu đề</h2><h1>Không phải h1</h1>'
    '<svg onload="alert(1)"><circle/></svg><object data="x.swf"></object>'
    '<figure><img src="/tin-tuc/anh/1/" alt="Lò gốm"><figcaption>Lò gốm cổ</figcaption></figure>'
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def category():
    return Category.objects.create(name="Làng nghề", slug="lang-nghe")


@pytest.fixture
def users(make_user):
    return {
        "editor": make_user("bientap", role=Role.EDITOR, full_name="Biên Tập"),
        "approver": make_user("lanhdao", role=Role.APPROVER, full_name="Lãnh Đạo"),
        "viewer": make_user("xem", role=Role.VIEWER),
        "local": make_user("diaphuong", role=Role.LOCAL_OFFICER, unit="10030"),
        "centre": make_user("trungtam", role=Role.CENTRE_STAFF),
    }


def client_for(client, user):
    client.force_login(user)
    return client


def _article(user, category, **kw) -> Article:
    values = {"title": "Làng gốm Bát Tràng vào mùa", "lead": "Sapo bài.", "body": "<p>Nội dung.</p>"} | kw
    return article_create(user=user, category=category, **values)


def _png(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buf, "PNG")
    return buf.getvalue()


def _form_data(category, **kw) -> dict:
    return {"title": "Hội chợ hàng thủ công 2026", "lead": "Hơn 200 gian hàng.", "body": "<p>Chi tiết.</p>",
            "category": category.pk, "tags": "hội chợ, Làng nghề", "author_initials": "T.H.",
            "published_at": "", "note": ""} | kw


# --- Who may use the back office ----------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login(client, category, users):
    article = _article(users["editor"], category)
    for url in (reverse("portal:editorial"), reverse("portal:article_create"),
                reverse("portal:article_edit", args=[article.pk]), reverse("portal:article_manage", args=[article.pk]),
                reverse("portal:article_preview", args=[article.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], url


@pytest.mark.parametrize("who", ["viewer", "local", "centre"])
def test_other_roles_get_403_with_a_vietnamese_reason(client, category, users, who):
    article = _article(users["editor"], category)
    c = client_for(client, users[who])
    for url in (reverse("portal:editorial"), reverse("portal:article_create"),
                reverse("portal:article_edit", args=[article.pk]), reverse("portal:article_manage", args=[article.pk]),
                reverse("portal:article_preview", args=[article.pk])):
        response = c.get(url)
        assert response.status_code == 403, url
        assert "Chỉ Biên tập viên, Lãnh đạo phê duyệt được" in response.content.decode(), url
    response = c.post(reverse("portal:article_transition", args=[article.pk]), {"name": "submit"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).state == ArticleState.DRAFT


def test_menu_shows_tin_bai_only_to_editors_and_approvers(client, users):
    for who, shown in (("editor", True), ("approver", True), ("viewer", False), ("centre", False)):
        client.force_login(users[who])
        html = client.get(reverse("core:home")).content.decode()
        assert (f'href="{reverse("portal:editorial")}"' in html) is shown, who


def test_approvers_menu_counts_articles_waiting(client, category, users):
    article = _article(users["editor"], category)
    article_transition(user=users["editor"], article=article, name="submit")
    client.force_login(users["approver"])
    page = client.get(reverse("core:home")).content.decode()
    assert 'title="1 việc chờ xử lý: bài chờ duyệt, ý kiến bạn đọc chờ duyệt"' in page


# --- Writing -----------------------------------------------------------------------------------------------------

def test_editor_creates_a_draft_with_tags_and_a_first_revision(client, category, users):
    Tag.objects.create(name="Làng nghề", slug="lang-nghe")
    c = client_for(client, users["editor"])
    response = c.post(reverse("portal:article_create"), _form_data(category, tags="hội chợ, lang nghe, Hội chợ"))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:article_edit", args=[article.pk])
    assert article.state == ArticleState.DRAFT and article.created_by == users["editor"]
    assert sorted(t.name for t in article.tags.all()) == ["Làng nghề", "hội chợ"]  # "lang nghe" is the old tag
    assert Tag.objects.count() == 2
    assert article.revisions.count() == 1
    assert article.slug == "hoi-cho-hang-thu-cong-2026"


def test_empty_form_reports_every_error_at_once_and_stores_nothing(client, category, users):
    c = client_for(client, users["editor"])
    response = c.post(reverse("portal:article_create"), {"title": "", "lead": "", "body": "", "category": "",
                                                         "published_at": "31/02/2026 25:00"})
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("title", "lead", "category", "published_at"):
        assert f'id="err-{field}"' in html, field
    assert "Nhập thời điểm theo dạng dd/mm/yyyy HH:MM" in html
    assert not Article.objects.exists()


def test_hostile_pasted_html_is_cleaned(client, category, users):
    c = client_for(client, users["editor"])
    c.post(reverse("portal:article_create"), _form_data(category, body=HOSTILE))
    body = Article.objects.get().body
    for bad in ("<script", "alert(", "onerror", "onclick", "onmouseover", "javascript:", "<iframe", "<style",
                "style=", "class=", "<svg", "onload", "<object", "<h1", "target="):
        assert bad not in body, bad
    assert "<strong>" not in body and "Bát Tràng" in body  # <b> is not in the list: its text stays
    assert '<a href="https://bat-trang.vn/" rel="noopener noreferrer">web</a>' in body
    assert "<h2>Tiêu đề</h2>" in body
    assert '<figure><img src="/tin-tuc/anh/1/" alt="Lò gốm"><figcaption>Lò gốm cổ</figcaption></figure>' in body
    assert Article.objects.get().revisions.get().body == body


def test_allow_list_covers_what_the_editor_produces():
    """Every tag the editor's toolbar makes survives the cleaning; nothing more is allowed than it needs."""
    editor = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    assert set(editor["tags"]) - {"s", "u"} <= ALLOWED_TAGS
    for tag, names in ALLOWED_ATTRIBUTES.items():
        assert names <= set(editor["attributes"].get(tag, ())), tag
    assert clean_html("<p></p>") == ""


def test_edit_keeps_a_revision_and_audits_the_change(client, category, users):
    article = _article(users["editor"], category)
    c = client_for(client, users["editor"])
    c.post(reverse("portal:article_edit", args=[article.pk]), _form_data(category, title="Tiêu đề mới"))
    article.refresh_from_db()
    assert article.title == "Tiêu đề mới" and article.slug == "lang-gom-bat-trang-vao-mua"  # links keep working
    assert list(article.revisions.values_list("number", "title")) == [
        (2, "Tiêu đề mới"), (1, "Làng gốm Bát Tràng vào mùa")]
    entry = audit_history(article).get(action=AuditAction.UPDATE)
    assert entry.changes["title"] == ["Làng gốm Bát Tràng vào mùa", "Tiêu đề mới"]
    html = c.get(reverse("portal:article_manage", args=[article.pk])).content.decode()
    assert "Tiêu đề mới" in html and timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M") in html


def test_restore_makes_a_new_revision_with_the_old_text(client, category, users):
    article = _article(users["editor"], category, body="<p>Bản đầu.</p>")
    c = client_for(client, users["editor"])
    c.post(reverse("portal:article_edit", args=[article.pk]), _form_data(category, body="<p>Bản sau.</p>"))
    first = article.revisions.get(number=1)
    assert "Bản đầu." in c.get(reverse("portal:article_revision", args=[first.pk])).content.decode()
    response = c.post(reverse("portal:article_restore", args=[first.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Bản đầu.</p>"
    assert list(article.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert article.revisions.get(number=3).note == "Khôi phục phiên bản 1"


# --- The workflow ------------------------------------------------------------------------------------------------

def _fire(client, user, article, name, reason=""):
    client.force_login(user)
    return client.post(reverse("portal:article_transition", args=[article.pk]), {"name": name, "reason": reason})


def test_every_transition_through_the_pages(client, category, users):
    editor, approver = users["editor"], users["approver"]
    article = _article(editor, category)
    assert not selectors.public_articles().exists()

    assert _fire(client, editor, article, "submit").status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.REVIEW

    response = _fire(client, approver, article, "return", reason="")
    assert response.status_code == 400 and "Ghi lý do trả lại." in response.content.decode()
    assert _fire(client, approver, article, "return", reason="Thiếu ảnh").status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT
    client.force_login(editor)
    html = client.get(reverse("portal:article_manage", args=[article.pk])).content.decode()
    assert "Bước gần nhất: Trả lại: Thiếu ảnh (Lãnh Đạo," in html

    _fire(client, editor, article, "submit")
    before = timezone.now()
    assert _fire(client, approver, article, "publish").status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED and article.published_at >= before
    assert list(selectors.public_articles()) == [article]

    assert _fire(client, approver, article, "withdraw", reason="Sai số liệu").status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.WITHDRAWN and not selectors.public_articles().exists()

    assert _fire(client, editor, article, "redraft").status_code == 302
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT

    entries = audit_history(article).filter(action=AuditAction.TRANSITION).order_by("at", "pk")
    assert [e.summary for e in entries] == ["Gửi duyệt", "Trả lại: Thiếu ảnh", "Gửi duyệt", "Duyệt đăng",
                                            "Gỡ bài: Sai số liệu", "Soạn lại"]
    client.force_login(editor)
    html = client.get(reverse("portal:article_manage", args=[article.pk])).content.decode()
    assert "Trả lại: Thiếu ảnh" in html and "Chờ duyệt → Bản nháp" in html.replace("\n", " ")


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_each_transition_only_by_its_roles(client, category, users, transition):
    for who in ("editor", "approver"):
        article = _article(users["editor"], category, title=f"{transition.name} {who}")
        Article.objects.filter(pk=article.pk).update(state=transition.sources[0])
        response = _fire(client, users[who], article, transition.name, reason="Lý do")
        allowed = {"editor": Role.EDITOR, "approver": Role.APPROVER}[who] in transition.roles
        article.refresh_from_db()
        assert (article.state == transition.target) is allowed, who
        if not allowed:
            assert response.status_code == 403 and "Chỉ " in response.content.decode()


def test_editor_cannot_approve_own_article(client, category, users):
    article = _article(users["editor"], category)
    _fire(client, users["editor"], article, "submit")
    response = _fire(client, users["editor"], article, "publish")
    assert response.status_code == 403
    assert "Chỉ Lãnh đạo phê duyệt được duyệt đăng." in response.content.decode()
    html = client.get(reverse("portal:article_manage", args=[article.pk])).content.decode()
    assert 'disabled data-action="publish"' in html


def test_transition_from_a_wrong_state_is_refused(client, category, users):
    article = _article(users["editor"], category)
    response = _fire(client, users["approver"], article, "publish")
    assert response.status_code == 403 and "Bài đang ở trạng thái “Bản nháp”" in response.content.decode()


def test_scheduled_publication_stays_hidden_until_its_time(client, category, users):
    later = timezone.now() + datetime.timedelta(days=2)
    article = _article(users["editor"], category, published_at=later)
    _fire(client, users["editor"], article, "submit")
    _fire(client, users["approver"], article, "publish")
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED and article.published_at == later
    assert not selectors.public_articles().exists()
    html = client.get(reverse("portal:article_manage", args=[article.pk])).content.decode()
    shown = f"Hẹn đăng lúc {timezone.localtime(later):%d/%m/%Y %H:%M}"
    assert shown in html and shown in client.get(reverse("portal:editorial")).content.decode()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert list(selectors.public_articles()) == [article]


def test_published_article_is_edited_by_approvers_only(client, category, users):
    article = _article(users["editor"], category)
    article_transition(user=users["editor"], article=article, name="submit")
    article_transition(user=users["approver"], article=article, name="publish")
    c = client_for(client, users["editor"])
    response = c.get(reverse("portal:article_edit", args=[article.pk]))
    assert response.status_code == 403 and "Lãnh đạo phê duyệt" in response.content.decode()
    c = client_for(client, users["approver"])
    published_at = Article.objects.get(pk=article.pk).published_at
    c.post(reverse("portal:article_edit", args=[article.pk]), _form_data(category, title="Đã sửa khi đăng"))
    article.refresh_from_db()
    assert article.title == "Đã sửa khi đăng" and article.published_at == published_at
    assert list(selectors.public_articles()) == [article]


# --- Images ------------------------------------------------------------------------------------------------------

def test_image_upload_offers_a_snippet_and_is_served_by_article_visibility(client, category, users):
    article = _article(users["editor"], category)
    c = client_for(client, users["editor"])
    response = c.post(reverse("portal:article_image_upload", args=[article.pk]),
                      {"file": SimpleUploadedFile("lo-gom.png", _png(), "image/png"), "alt": "Lò gốm",
                       "caption": "Lò gốm ở Bát Tràng"})
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert (image.width, image.height, image.content_type) == (40, 30, "image/png")
    url = reverse("portal:article_image", args=[image.pk])
    html = c.get(reverse("portal:article_edit", args=[article.pk])).content.decode()
    assert (f"value='<figure><img src=\"{url}\" alt=\"Lò gốm\"><figcaption>Lò gốm ở Bát Tràng</figcaption>"
            "</figure>'") in html
    assert c.get(url).status_code == 200  # editors see it while the article is a draft
    client.logout()
    assert client.get(url).status_code == 404  # the public does not
    client.force_login(users["viewer"])
    assert client.get(url).status_code == 404
    article_transition(user=users["editor"], article=article, name="submit")
    article_transition(user=users["approver"], article=article, name="publish")
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == _png()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("anh.png", b"MZ\x90\x00 not an image", "không phải ảnh JPEG, PNG, WebP hoặc GIF đọc được"),
    ("anh.jpg", b"", "Tệp ảnh rỗng (0 byte)."),
])
def test_bad_image_is_refused_with_a_vietnamese_message(client, category, users, name, content, message):
    article = _article(users["editor"], category)
    c = client_for(client, users["editor"])
    response = c.post(reverse("portal:article_image_upload", args=[article.pk]),
                      {"file": SimpleUploadedFile(name, content, "image/png"), "alt": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "Ghi mô tả ảnh (alt)" in html  # both errors at once
    assert not ArticleImage.objects.exists()


def test_too_big_image_is_refused(client, category, users):
    article = _article(users["editor"], category)
    c = client_for(client, users["editor"])
    big = SimpleUploadedFile("lon.png", _png() + b"\0" * (5 * 1024 * 1024), "image/png")
    response = c.post(reverse("portal:article_image_upload", args=[article.pk]), {"file": big, "alt": "Lớn"})
    assert response.status_code == 400 and "quá giới hạn 5 MB" in response.content.decode()
    assert not ArticleImage.objects.exists()


# --- Lists and preview -------------------------------------------------------------------------------------------

def test_list_counts_by_state_and_filters(client, category, users):
    a = _article(users["editor"], category, title="Gốm Bát Tràng")
    _article(users["editor"], category, title="Mây tre đan Phú Vinh")
    article_transition(user=users["editor"], article=a, name="submit")
    c = client_for(client, users["editor"])
    html = c.get(reverse("portal:editorial")).content.decode()
    assert 'data-state="draft">Bản nháp <span class="count">1</span>' in html
    assert 'data-state="review">Chờ duyệt <span class="count">1</span>' in html
    html = c.get(reverse("portal:editorial"), {"state": "review"}).content.decode()
    assert "Gốm Bát Tràng" in html and "Mây tre đan" not in html
    html = c.get(reverse("portal:editorial"), {"q": "may tre"}).content.decode()
    assert "Mây tre đan Phú Vinh" in html and "Gốm Bát Tràng" not in html


def test_preview_renders_the_article_without_counting(client, category, users):
    article = _article(users["editor"], category, body=HOSTILE)
    c = client_for(client, users["editor"])
    html = c.get(reverse("portal:article_preview", args=[article.pk])).content.decode()
    assert "Xem trước" in html and "bạn đọc chưa xem được bài này" in html
    assert "<h2>Tiêu đề</h2>" in html and "<script>alert" not in html
    assert "csrfmiddlewaretoken" not in html
    article.refresh_from_db()
    assert article.view_count == 0


def test_scheduled_article_queues_a_refresh_for_its_time(category, users, settings,
                                                         django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    later = timezone.now() + datetime.timedelta(hours=5)
    article = _article(users["editor"], category, published_at=later)
    article_transition(user=users["editor"], article=article, name="submit")
    with django_capture_on_commit_callbacks(execute=True):
        article_transition(user=users["approver"], article=article, name="publish")
    queued = default_task_backend.results
    assert [(r.task.name, r.args, r.task.run_after) for r in queued] == [("refresh_scheduled", [article.pk], later)]
    assert refresh_scheduled.call(article.pk) is False  # not yet due: nothing to refresh
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert refresh_scheduled.call(article.pk) is True


def test_manage_page_names_the_source_of_figures(client, category, users):
    as_of = timezone.now()
    article = _article(users["editor"], category, figures_source="/bao-cao/7/", figures_as_of=as_of,
                       figures={"source_label": "Báo cáo sơ kết 2021–2025"})
    html = client_for(client, users["editor"]).get(reverse("portal:article_manage", args=[article.pk])).content.decode()
    assert (f'<a href="/bao-cao/7/">Báo cáo sơ kết 2021–2025</a> tính lúc '
            f'{timezone.localtime(as_of):%d/%m/%Y %H:%M}') in html
