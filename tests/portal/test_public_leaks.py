"""No public page of the portal shows what is not public: tax codes, workers, revenue, funds, trainees, yearly
village statistics, unpublished records, establishments that did not agree to be listed.

`public_urls(w)` walks EVERY route of `portal.urls`: a route with parameters is filled from PARAMS (route name →
a function of the world returning its kwargs); a new route with parameters fails the test until PARAMS says which
record to use. Routes of the back office (`bien-tap/`) must send an anonymous visitor to the login page. To cover
more records (articles), add them in `world` and their distinctive strings to SECRETS."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse
from django.utils import timezone

from khuyencong.portal import urls as portal_urls
from khuyencong.portal.models import Article, ArticleImage, ArticleState, Comment, CommentState
from khuyencong.portal.services.articles import article_create
from khuyencong.portal.services.categories import category_ensure
from tests.portal import directory_world
from tests.portal.directory_world import SECRETS

# What the news side keeps from the public: unpublished articles (draft, in review, withdrawn, scheduled), comments
# not approved, and every commenter's email.
NEWS_SECRETS = ["Bài nháp BÍMẬT", "Bài chờ duyệt BÍMẬT", "Bài đã gỡ BÍMẬT", "Bài hẹn giờ BÍMẬT",
                "Ý kiến chờ duyệt BÍMẬT", "Ý kiến rác BÍMẬT", "ban.doc@example.vn", "spam@example.vn"]

pytestmark = pytest.mark.django_db

BACK_OFFICE = "bien-tap/"
# Route name → kwargs from the world, for every route with parameters (one entry may give several kwargs).
PARAMS = {
    "directory_village": lambda w: [{"code": v.code} for v in (w.phu_vinh, w.van_phuc, w.non_la)],
    "directory_photo": lambda w: [{"pk": w.tray_photo.pk}],
    "article": lambda w: [{"slug": w.article.slug}],
    "news_category": lambda w: [{"slug": w.article.category.slug}],
    "article_image": lambda w: [{"pk": w.article_image.pk}],
    "comment_post": lambda w: [{"slug": w.article.slug}],
    "comment_captcha": lambda w: [{"slug": w.article.slug}],
    # The back office (every article, whatever its state: they must all send an anonymous visitor to login).
    **{name: (lambda w: [{"pk": a.pk} for a in w.articles]) for name in (
        "article_manage", "article_edit", "article_preview", "article_transition", "article_image_upload")},
    **{name: (lambda w: [{"pk": w.article.revisions.first().pk}]) for name in ("article_revision",
                                                                                  "article_restore")},
}
# Public routes that only take a POST (a GET is refused or redirected, and shows nothing).
POST_ONLY: set[str] = set()
# Pages rendered for each visitor, never cached whole: their forms carry a CSRF token.
PER_VISITOR = {"article", "comment_post"}
# Query strings tried on every list-like public route, besides the bare URL.
QUERIES = {
    "news_list": ["", "?q=bi+mat", "?q=BÍMẬT", "?page=2"],
    "directory": ["", "?q=phu+vinh", "?recognition=lang_nghe_truyen_thong", "?page=2", "?unit=legacy:277"],
    "directory_map": ["", "?q=may+tre"],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
       b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _news(w, user):
    """One public article with an image and an approved comment, beside every kind of article and comment that
    must stay out of sight."""
    now = timezone.now()
    category = category_ensure("tin-hoat-dong")

    def article(title, state, published_at=None):
        made = article_create(user=user, title=title, lead=f"Sapo {title}.", body=f"<p>{title}</p>",
                              category=category)
        Article.objects.filter(pk=made.pk).update(state=state, published_at=published_at)
        made.refresh_from_db()
        return made

    w.article = article("Hội chợ làng nghề công khai", ArticleState.PUBLISHED, now - datetime.timedelta(hours=2))
    w.articles = [w.article,
                  article("Bài nháp BÍMẬT", ArticleState.DRAFT),
                  article("Bài chờ duyệt BÍMẬT", ArticleState.REVIEW),
                  article("Bài đã gỡ BÍMẬT", ArticleState.WITHDRAWN, now - datetime.timedelta(days=3)),
                  article("Bài hẹn giờ BÍMẬT", ArticleState.PUBLISHED, now + datetime.timedelta(days=2))]
    w.article_image = ArticleImage.objects.create(article=w.article, alt="Ảnh hội chợ", content_type="image/png",
                                                  file=ContentFile(PNG, name="anh.png"))
    for name, email, text, state in (
            ("Bạn đọc A", "ban.doc@example.vn", "Ý kiến đã duyệt công khai", CommentState.APPROVED),
            ("Bạn đọc B", "ban.doc@example.vn", "Ý kiến chờ duyệt BÍMẬT", CommentState.PENDING),
            ("Kẻ rải rác", "spam@example.vn", "Ý kiến rác BÍMẬT", CommentState.SPAM)):
        Comment.objects.create(article=w.article, name=name, email=email, text=text, state=state)
    return w


@pytest.fixture
def world(make_user):
    user = make_user("canbo", role="centre_staff", unit="01")
    return _news(directory_world.build(user), make_user("bientap", role="editor", unit="01"))


def _routes():
    for entry in portal_urls.urlpatterns:
        assert isinstance(entry, URLPattern), f"nested resolvers are not walked: {entry}"
        yield entry


def _kwargs_list(entry: URLPattern, w) -> list[dict]:
    if not entry.pattern.converters:
        return [{}]
    assert entry.name in PARAMS, f"tell test_public_leaks.PARAMS how to fill the route {entry.name!r}"
    return PARAMS[entry.name](w)


def public_urls(w) -> list[str]:
    """Every public URL of the portal, with real public objects and the list filters of QUERIES."""
    urls = []
    for entry in _routes():
        if str(entry.pattern).startswith(BACK_OFFICE):
            continue
        for kwargs in _kwargs_list(entry, w):
            url = reverse(f"portal:{entry.name}", kwargs=kwargs)
            urls += [url + query for query in QUERIES.get(entry.name, [""])]
    return urls


def back_office_urls(w) -> list[str]:
    return [reverse(f"portal:{entry.name}", kwargs=kwargs) for entry in _routes()
            if str(entry.pattern).startswith(BACK_OFFICE) for kwargs in _kwargs_list(entry, w)]


def test_no_public_page_shows_a_secret(client, world):
    urls = public_urls(world)
    post_only = {reverse(f"portal:{e.name}", kwargs=k) for e in _routes() if e.name in POST_ONLY
                 for k in _kwargs_list(e, world)}
    article_pages = {reverse(f"portal:{name}", kwargs=k) for name in PER_VISITOR for k in PARAMS[name](world)}
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        # A GET of a POST-only address is refused or sent back to the article's comments, never a page of its own.
        assert response.status_code in ((302, 405) if url in post_only else (200,)), url
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        for secret in SECRETS + NEWS_SECRETS:
            assert secret not in text, f"{secret!r} on {url}"
        # Pages cached whole carry nothing of the visitor; the article page is rendered per visitor (its comment
        # form holds a CSRF token) and caches only its fragments.
        if response["Content-Type"].startswith("text/html") and url not in article_pages:
            assert "csrfmiddlewaretoken" not in text, url


def test_the_public_pages_show_the_public_records(client, world):
    """The walk above sees real content: the secrets' absence is not an empty page."""
    page = client.get(reverse("portal:directory_village", kwargs={"code": "LN-PHUVINH"})).content.decode()
    for shown in ("Làng mây tre đan Phú Vinh", "Hợp tác xã Mây tre Phú Vinh", "0243 555 666", "Khay mây đan hoa văn",
                  "Lẵng hoa mây tre"):
        assert shown in page


def test_the_public_news_pages_show_the_public_article_and_its_approved_comment(client, world):
    page = client.get(reverse("portal:article", kwargs={"slug": world.article.slug})).content.decode()
    assert "Hội chợ làng nghề công khai" in page and "Ý kiến đã duyệt công khai" in page
    assert "Hội chợ làng nghề công khai" in client.get(reverse("portal:news_list")).content.decode()
    for hidden in world.articles[1:]:
        assert client.get(reverse("portal:article", kwargs={"slug": hidden.slug})).status_code == 404


def test_back_office_sends_anonymous_to_login(client, world):
    for url in back_office_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url


def test_non_public_records_are_not_found(client, world):
    assert client.get(reverse("portal:directory_village", kwargs={"code": "LN-AN"})).status_code == 404
    for photo in (world.private_photo, world.unrecognised_photo):
        assert client.get(reverse("portal:directory_photo", kwargs={"pk": photo.pk})).status_code == 404
