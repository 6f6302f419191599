"""View counting: once per visitor, article and day; robots, staff and previews not counted; buffered in the
database or in Redis; the shown count includes what is not folded yet."""

import random
import threading
import uuid
from datetime import timedelta

import pytest
import redis
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from khuyencong.portal.models import Article, ArticleState, ArticleVisitorDay, Category
from khuyencong.portal.services import counting

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    counting.BUFFER.clear()
    yield
    counting.BUFFER.clear()
    cache.clear()


@pytest.fixture(params=["database", "redis"])
def view_store(request, settings):
    """Both stores: the database buffer, and a real Redis under a key prefix of this test (removed after)."""
    if request.param == "redis":
        prefix = f"kc:test:{uuid.uuid4().hex}:"
        settings.REDIS_URL = REDIS_URL
        settings.PORTAL_VIEWS_REDIS_PREFIX = prefix
        yield request.param
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
    else:
        settings.REDIS_URL = ""
        yield request.param


@pytest.fixture
def article(db):
    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    return Article.objects.create(title="Hội chợ hàng thủ công", slug="hoi-cho", lead="Sapo.", body="<p>Bài.</p>",
                                  category=category, state=ArticleState.PUBLISHED,
                                  published_at=timezone.now() - timedelta(hours=1))


def visit(client: Client, article: Article, agent: str = BROWSER):
    return client.get(reverse("portal:article", args=[article.slug]), headers={"user-agent": agent})


def fold_and_reload(article: Article) -> int:
    counting.fold()
    article.refresh_from_db()
    return article.view_count


@pytest.fixture
def tomorrow(monkeypatch):
    """Move the clock one day on (Hà Nội's calendar day changes with it)."""
    real_now = timezone.now

    def go():
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=1))

    return go


def test_two_visitors_with_reloads_over_two_days_count_two_a_day(view_store, article, tomorrow):
    first, second = Client(), Client()
    response = visit(first, article)
    assert response.status_code == 200
    cookie = response.cookies[counting.VISITOR_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and len(cookie.value) == 32
    for _ in range(3):
        assert counting.VISITOR_COOKIE not in visit(first, article).cookies  # the cookie is set once
    for _ in range(2):
        visit(second, article)
    assert counting.shown_count(article) == 2

    tomorrow()
    for _ in range(2):
        visit(first, article)
        visit(second, article)
    assert counting.shown_count(article) == 4
    assert fold_and_reload(article) == 4
    assert counting.shown_count(article) == 4
    # Folding again adds nothing.
    assert fold_and_reload(article) == 4


def test_robots_staff_and_previews_do_not_count(view_store, article, make_user):
    for agent in ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32",
                  "Mozilla/5.0 (compatible; bingbot/2.0)", "Mozilla/5.0 HeadlessChrome/131.0", "Wget/1.21", ""]:
        response = visit(Client(), article, agent)
        assert response.status_code == 200
        assert counting.VISITOR_COOKIE not in response.cookies
    editor = Client()
    editor.force_login(make_user("bientap", role="editor"))
    visit(editor, article)
    assert counting.shown_count(article) == 0

    # A draft (what a preview shows) is not counted even when its view is asked to count it.
    draft = Article.objects.create(title="Bản nháp", slug="ban-nhap", lead="Sapo.", category=article.category)
    request = RequestFactory().get("/", headers={"user-agent": BROWSER})
    counting.record_view(request, draft)
    assert counting.shown_count(draft) == 0
    assert fold_and_reload(article) == 0


def test_folded_count_equals_distinct_visitor_days(view_store, article, tomorrow):
    rng = random.Random(7)
    visitors = [uuid.uuid4().hex for _ in range(25)]
    factory = RequestFactory()
    seen = set()
    for day in range(2):
        if day:
            tomorrow()
        for _ in range(120):
            visitor = rng.choice(visitors[: 15 + 10 * day])
            request = factory.get("/", headers={"user-agent": BROWSER})
            request.COOKIES[counting.VISITOR_COOKIE] = visitor
            counting.record_view(request, article)
            seen.add((timezone.localdate(), visitor))
    assert counting.shown_count(article) == len(seen)
    assert fold_and_reload(article) == len(seen)


def test_shown_count_includes_views_of_the_last_minute(view_store, article):
    # The first view queues the fold (tests run tasks at once); the next ones wait for the next fold.
    visit(Client(), article)
    for _ in range(3):
        visit(Client(), article)
    article.refresh_from_db()
    assert article.view_count == 1  # folded so far
    assert counting.shown_count(article) == 4  # what the page prints
    assert fold_and_reload(article) == 4


def test_database_buffer_writes_in_batches(settings, article):
    settings.REDIS_URL = ""
    settings.PORTAL_VIEWS_BUFFER_SIZE = 3
    cache.add(counting.FOLD_LOCK, 1, 60)  # a fold was queued a moment ago
    factory = RequestFactory()
    for n in range(2):
        request = factory.get("/", headers={"user-agent": BROWSER})
        request.COOKIES[counting.VISITOR_COOKIE] = f"{n:032x}"
        counting.record_view(request, article)
    assert ArticleVisitorDay.objects.count() == 0  # still in the process's buffer
    assert counting.shown_count(article) == 2
    request = factory.get("/", headers={"user-agent": BROWSER})
    request.COOKIES[counting.VISITOR_COOKIE] = f"{2:032x}"
    counting.record_view(request, article)
    assert ArticleVisitorDay.objects.filter(article=article, folded=False).count() == 3  # one batch
    # A reload after the batch was written is dropped by the unique key.
    request = factory.get("/", headers={"user-agent": BROWSER})
    request.COOKIES[counting.VISITOR_COOKIE] = f"{0:032x}"
    counting.record_view(request, article)
    assert counting.shown_count(article) == 3
    assert fold_and_reload(article) == 3
    assert ArticleVisitorDay.objects.filter(folded=False).count() == 0


def test_a_forged_cookie_gets_a_new_visitor_id(article):
    client = Client()
    client.cookies[counting.VISITOR_COOKIE] = "<script>"
    response = visit(client, article)
    assert response.cookies[counting.VISITOR_COOKIE].value != "<script>"
    assert counting.shown_count(article) == 1


def test_redis_keys_expire_and_stay_under_the_prefix(settings, article):
    prefix = f"kc:test:{uuid.uuid4().hex}:"
    settings.REDIS_URL = REDIS_URL
    settings.PORTAL_VIEWS_REDIS_PREFIX = prefix
    client = redis.Redis.from_url(REDIS_URL)
    try:
        cache.add(counting.FOLD_LOCK, 1, 60)
        visit(Client(), article)
        keys = sorted(k.decode() for k in client.scan_iter(f"{prefix}*"))
        day = timezone.localdate().strftime("%Y%m%d")
        assert keys == [f"{prefix}pending", f"{prefix}seen:{article.pk}:{day}"]
        assert 0 < client.ttl(f"{prefix}seen:{article.pk}:{day}") <= counting.SEEN_TTL
        assert fold_and_reload(article) == 1
        assert client.hlen(f"{prefix}pending") == 0
    finally:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def test_views_of_a_deleted_article_are_dropped_from_the_buffer(settings, article):
    settings.REDIS_URL = ""
    cache.add(counting.FOLD_LOCK, 1, 60)
    visit(Client(), article)
    gone = Article.objects.create(title="Sẽ xoá", slug="se-xoa", lead="Sapo.", category=article.category,
                                  state=ArticleState.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
    visit(Client(), gone)
    gone.delete()
    assert counting.BUFFER.flush() == 2
    assert list(ArticleVisitorDay.objects.values_list("article_id", flat=True)) == [article.pk]


def test_concurrent_views_in_redis_are_exact(settings, article):
    prefix = f"kc:test:{uuid.uuid4().hex}:"
    settings.REDIS_URL = REDIS_URL
    settings.PORTAL_VIEWS_REDIS_PREFIX = prefix
    cache.add(counting.FOLD_LOCK, 1, 60)
    visitors = [uuid.uuid4().hex for _ in range(60)]
    factory = RequestFactory()

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(150):
            request = factory.get("/", headers={"user-agent": BROWSER})
            request.COOKIES[counting.VISITOR_COOKIE] = rng.choice(visitors)
            counting.record_view(request, article)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert counting.shown_count(article) == len(visitors)
        assert fold_and_reload(article) == len(visitors)
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
