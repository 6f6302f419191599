"""The public page cache: hits for anonymous visitors, a new generation after a change, nothing personal kept."""

import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import transaction
from django.urls import path
from django.utils import timezone

from khuyencong.core.extensions import records_changed
from khuyencong.portal import caching
from khuyencong.portal.models import ArticleState, Category, PageCacheGeneration
from khuyencong.portal.services.articles import article_create

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.urls_caching")]

NEWS = "/thu-cache/tin/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(make_user):
    return make_user("bientap", role="editor")


@pytest.fixture
def category(db):
    return Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")


def publish(editor, category, title, django_capture_on_commit_callbacks):
    """Create and publish an article the way the services do: the change is committed, then the cache bumped."""
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            article = article_create(user=editor, title=title, lead="Sapo.", body="<p>Nội dung.</p>",
                                     category=category)
            article.state = ArticleState.PUBLISHED
            article.published_at = timezone.now()
            article.save()
            transaction.on_commit(caching.invalidate_public_pages)
    return article


def test_second_anonymous_get_is_a_hit(client):
    first = client.get(NEWS)
    second = client.get(NEWS)
    assert first.status_code == second.status_code == 200
    assert first["X-Portal-Cache"] == "miss"
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")


def test_publishing_shows_the_new_article_at_once(client, editor, category, django_capture_on_commit_callbacks):
    publish(editor, category, "Hội chợ hàng thủ công", django_capture_on_commit_callbacks)
    assert "Hội chợ hàng thủ công" in client.get(NEWS).content.decode()
    assert client.get(NEWS)["X-Portal-Cache"] == "hit"

    publish(editor, category, "Lớp đào tạo nghề mây tre đan", django_capture_on_commit_callbacks)
    after = client.get(NEWS)
    assert after["X-Portal-Cache"] == "miss"
    assert "Lớp đào tạo nghề mây tre đan" in after.content.decode()


def test_an_edit_without_a_bump_waits_for_the_ttl_and_one_with_a_bump_does_not(client, editor, category,
                                                                               django_capture_on_commit_callbacks):
    article = publish(editor, category, "Tên cũ", django_capture_on_commit_callbacks)
    client.get(NEWS)
    article.title = "Tên mới"
    article.save()
    assert "Tên cũ" in client.get(NEWS).content.decode()  # cached: within the minute of the TTL
    caching.invalidate_public_pages()
    fresh = client.get(NEWS)
    assert fresh["X-Portal-Cache"] == "miss"
    assert "Tên mới" in fresh.content.decode() and "Tên cũ" not in fresh.content.decode()


def test_the_generation_is_shared_in_the_database_and_shown_in_a_header(client):
    before = client.get(NEWS)
    caching.invalidate_public_pages()
    caching.invalidate_public_pages()
    after = client.get(NEWS)
    assert int(after["X-Portal-Cache-Generation"]) == int(before["X-Portal-Cache-Generation"]) + 2
    assert PageCacheGeneration.objects.get(pk=1).number == int(after["X-Portal-Cache-Generation"])


def test_the_query_string_is_part_of_the_key(client):
    assert client.get(NEWS, {"q": "gốm"})["X-Portal-Cache"] == "miss"
    other = client.get(NEWS, {"q": "lụa"})
    assert other["X-Portal-Cache"] == "miss"
    assert "q=lụa" in other.content.decode()
    again = client.get(NEWS, {"q": "gốm"})
    assert again["X-Portal-Cache"] == "hit"
    assert "q=gốm" in again.content.decode()


def test_the_language_is_part_of_the_key(client):
    client.get(NEWS)
    client.cookies["django_language"] = "en"
    assert client.get(NEWS)["X-Portal-Cache"] == "miss"


def test_signed_in_users_are_never_served_cached_pages(client, editor, category,
                                                        django_capture_on_commit_callbacks):
    client.get(NEWS)
    assert client.get(NEWS)["X-Portal-Cache"] == "hit"
    article = publish(editor, category, "Bản của khách", django_capture_on_commit_callbacks)
    client.get(NEWS)
    article.title = "Bản mới nhất"
    article.save()  # no bump: visitors still get the cached page for up to a minute, the editor never does
    client.force_login(editor)
    signed_in = client.get(NEWS)
    assert signed_in["X-Portal-Cache"] == "bypass"
    assert "Bản mới nhất" in signed_in.content.decode()


def test_the_front_page_is_cached_for_visitors_and_the_dashboard_never(client, editor):
    assert client.get("/")["X-Portal-Cache"] == "miss"
    hit = client.get("/")
    assert hit["X-Portal-Cache"] == "hit"
    assert "Tin tức khuyến công" in hit.content.decode()
    client.force_login(editor)
    dashboard = client.get("/")
    assert dashboard["X-Portal-Cache"] == "bypass"
    assert "Tin tức khuyến công" not in dashboard.content.decode()


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(client):
    client.get(NEWS)
    hit = client.get(NEWS)
    assert hit["X-Portal-Cache"] == "hit"
    assert not hit.cookies
    assert "csrfmiddlewaretoken" not in hit.content.decode()


def test_pages_with_a_csrf_token_or_a_cookie_are_never_stored(client):
    for url in ("/thu-cache/bieu-mau/", "/thu-cache/cookie/"):
        first, second = client.get(url), client.get(url)
        assert first["X-Portal-Cache"] == second["X-Portal-Cache"] == "skip"
    # Another visitor gets their own token, not the first visitor's.
    other = type(client)()
    assert "csrftoken" in other.get("/thu-cache/bieu-mau/").cookies


def test_posts_are_not_cached(client):
    assert client.post(NEWS)["X-Portal-Cache"] == "bypass"


def test_the_cache_is_off_at_zero_seconds(client, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    assert "X-Portal-Cache" not in client.get(NEWS)
    assert "X-Portal-Cache" not in client.get(NEWS)


def test_bulk_changes_of_records_bump_the_generation(client):
    before = caching.current_generation()
    records_changed(source="import:establishments")
    assert caching.current_generation() == before + 1


def test_remember_computes_once_per_generation():
    calls = []

    def compute():
        calls.append(1)
        return ["tin khác 1", "tin khác 2"]

    assert caching.remember("other", 7, compute=compute) == ["tin khác 1", "tin khác 2"]
    assert caching.remember("other", 7, compute=compute) == ["tin khác 1", "tin khác 2"]
    assert len(calls) == 1
    caching.invalidate_public_pages()
    caching.remember("other", 7, compute=compute)
    assert len(calls) == 2


@pytest.fixture
def redis_cache(settings):
    """The cache in the real Redis at 127.0.0.1:6379 under a prefix of this test's own; its keys removed after."""
    url = "redis://127.0.0.1:6379/0"
    prefix = f"kc-test-{uuid.uuid4().hex[:12]}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": prefix}}
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_with_redis_the_generation_and_the_pages_live_in_redis(client, redis_cache):
    in_database = list(PageCacheGeneration.objects.values_list("pk", "number"))
    first = client.get(NEWS)
    assert first["X-Portal-Cache"] == "miss"
    assert client.get(NEWS)["X-Portal-Cache"] == "hit"
    server, prefix = redis_cache
    assert any(b"portal:page:" in key for key in server.scan_iter(match=f"{prefix}:*"))
    caching.invalidate_public_pages()
    after = client.get(NEWS)
    assert after["X-Portal-Cache"] == "miss"
    assert int(after["X-Portal-Cache-Generation"]) == int(first["X-Portal-Cache-Generation"]) + 1
    # with Redis the database's generation is neither read into being nor bumped
    assert list(PageCacheGeneration.objects.values_list("pk", "number")) == in_database


def test_only_the_public_pages_named_in_cached_pages_are_wrapped():
    def view(request):
        return None

    patterns = caching.cache_public_patterns([path("", view, name="front"), path("bien-tap/y-kien/", view,
                                              name="comment_queue"), path("danh-ba/", view, name="directory")])
    wrapped = {p.name: getattr(p.callback, "portal_cached", False) for p in patterns}
    assert wrapped == {"front": True, "comment_queue": False, "directory": True}
    again = caching.cache_public_patterns(patterns)  # wrapping twice keeps one layer
    assert again[0].callback is patterns[0].callback
