"""View counting: a view counts once per visitor, article and calendar day (Hà Nội time, `timezone.localdate()`).

The seam: the article page calls `record_view(request, article)` on every GET and prints `shown_count(article)`.
A visitor is a random id kept in the long-lived cookie `kc_visitor` (HttpOnly, SameSite=Lax). On a first visit
`record_view` draws an id and leaves it on `request.kc_visitor_cookie`; `portal.middleware.VisitorCookieMiddleware`
then sets the cookie on the response. Nothing else is needed from the page.

Not counted: anything but GET; signed-in users (all of them are staff); articles the public may not see (drafts,
previews, scheduled articles); user agents that announce a robot (`BOT_MARKERS`) or send none.

Counted views are buffered, never one UPDATE of the article per request:
- with `REDIS_URL`: one Redis SET per (article, day) holds that day's visitor ids (expires after two days); a new
  member adds one to the article's field of a pending hash — both in one Lua script, so the count is exact;
- without Redis: each process keeps the new (article, day, visitor) keys in memory and writes them every
  `PORTAL_VIEWS_BUFFER_SIZE` views or `PORTAL_VIEWS_BUFFER_SECONDS` seconds with one `bulk_create(ignore_conflicts=
  True)` into `ArticleVisitorDay`, whose unique key drops the reloads.
`portal.tasks.fold_views` adds what is pending to `Article.view_count`; it is queued at most once a minute (a cache
lock) when views arrive. `shown_count` is the folded count plus what is pending for the article, so the number on
the page already includes the views of the last minute.
"""

import logging
import re
import secrets
import threading
import time
from collections import Counter
from datetime import date, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from khuyencong.portal import tasks
from khuyencong.portal.models import Article, ArticleVisitorDay

log = logging.getLogger(__name__)

VISITOR_COOKIE = "kc_visitor"
VISITOR_COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
_VISITOR_ID = re.compile(r"[0-9a-f]{32}")

# A user agent containing one of these (case-insensitive) is a robot, a script or a monitor; an empty one too.
BOT_MARKERS = (
    "bot", "crawl", "spider", "slurp", "curl", "wget", "python-requests", "python-urllib", "httpx", "aiohttp",
    "go-http-client", "java/", "okhttp", "libwww", "scrapy", "headless", "phantomjs", "lighthouse", "pingdom",
    "uptime", "monitor", "facebookexternalhit", "feedfetcher", "mediapartners", "preview", "locust",
)

FOLD_LOCK = "portal:views:fold-queued"
FOLD_EVERY = 60  # seconds: at most one fold queued per minute
FOLD_BATCH = 5000
SEEN_TTL = 2 * 24 * 3600  # a day's visitor set outlives its day


def is_bot(user_agent: str | None) -> bool:
    agent = (user_agent or "").strip().lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


def counts(request, article: Article) -> bool:
    """Whether this request is a reader's view of a public article."""
    user = getattr(request, "user", None)
    return (request.method == "GET" and not getattr(user, "is_authenticated", False)
            and not is_bot(request.META.get("HTTP_USER_AGENT")) and article.is_public)


def visitor_id(request) -> str:
    """The visitor's id from the cookie, or a new one (left on `request.kc_visitor_cookie` for the middleware)."""
    value = request.COOKIES.get(VISITOR_COOKIE, "")
    if _VISITOR_ID.fullmatch(value):
        return value
    value = getattr(request, "kc_visitor_cookie", None) or secrets.token_hex(16)
    request.kc_visitor_cookie = value
    return value


def record_view(request, article: Article) -> None:
    """Count this view if it is the visitor's first of `article` today (see the module's docstring)."""
    if not counts(request, article):
        return
    store().add(article.pk, timezone.localdate(), visitor_id(request))


def shown_count(article: Article) -> int:
    """The view count to print on the article's page: folded views plus those still pending."""
    return store().shown(article.pk)


def fold() -> int:
    """Add the pending views to `Article.view_count`; returns how many were added. Run by `tasks.fold_views`."""
    return store().fold()


def request_fold() -> None:
    """Queue the fold unless one was queued less than a minute ago."""
    if cache.add(FOLD_LOCK, 1, FOLD_EVERY):
        tasks.fold_views.enqueue()


class DatabaseStore:
    """Visitor-days in the database, written in batches from an in-process buffer."""

    def __init__(self):
        self._lock = threading.Lock()
        self._keys: set[tuple[int, date, str]] = set()
        self._since: float | None = None
        self._timer: threading.Timer | None = None

    def add(self, article_id: int, day: date, visitor: str) -> None:
        with self._lock:
            self._keys.add((article_id, day, visitor))
            if self._since is None:
                self._since = time.monotonic()
                self._start_timer()
            due = (len(self._keys) >= settings.PORTAL_VIEWS_BUFFER_SIZE
                   or time.monotonic() - self._since >= settings.PORTAL_VIEWS_BUFFER_SECONDS)
        if due:
            self.flush()
        request_fold()

    def _start_timer(self) -> None:
        # Under a server, a quiet process still writes its views within BUFFER_SECONDS; tests flush by hand.
        if settings.TESTING or settings.PORTAL_VIEWS_BUFFER_SECONDS <= 0:
            return
        self._timer = threading.Timer(settings.PORTAL_VIEWS_BUFFER_SECONDS, self._timed_flush)
        self._timer.daemon = True
        self._timer.start()

    def _timed_flush(self) -> None:
        try:
            self.flush()
        except Exception:
            log.exception("The buffered article views could not be written")
        finally:
            connections.close_all()  # this thread's own connections

    def _take(self) -> set[tuple[int, date, str]]:
        with self._lock:
            keys, self._keys, self._since = self._keys, set(), None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        return keys

    def clear(self) -> None:
        """Forget the buffer without writing it (tests start from an empty buffer)."""
        self._take()

    def flush(self) -> int:
        """Write the buffered keys; reloads already written are dropped by the unique key."""
        keys = self._take()
        if keys:
            # An article deleted since its view was buffered takes its views with it.
            existing = set(Article.objects.filter(pk__in={a for a, _, _ in keys}).values_list("pk", flat=True))
            ArticleVisitorDay.objects.bulk_create(
                [ArticleVisitorDay(article_id=a, day=d, visitor=v) for a, d, v in keys if a in existing],
                ignore_conflicts=True, batch_size=500)
        return len(keys)

    def buffered(self, article_id: int) -> set[tuple[date, str]]:
        with self._lock:
            return {(d, v) for a, d, v in self._keys if a == article_id}

    def shown(self, article_id: int) -> int:
        # One statement, so a fold running meanwhile is seen either wholly or not at all.
        unfolded = (ArticleVisitorDay.objects.filter(article=OuterRef("pk"), folded=False).order_by()
                    .values("article").annotate(n=Count("pk")).values("n"))
        row = (Article.objects.filter(pk=article_id)
               .annotate(pending=Coalesce(Subquery(unfolded, output_field=IntegerField()), Value(0)))
               .values_list("view_count", "pending").first())
        if row is None:
            return 0
        buffered = self.buffered(article_id)
        if buffered:
            written = set(ArticleVisitorDay.objects.filter(
                article_id=article_id, visitor__in={v for _, v in buffered}).values_list("day", "visitor"))
            buffered -= written
        return row[0] + row[1] + len(buffered)

    def fold(self) -> int:
        self.flush()
        total = 0
        while True:
            with transaction.atomic():
                rows = list(ArticleVisitorDay.objects.select_for_update(skip_locked=True)
                            .filter(folded=False).values_list("pk", "article_id")[:FOLD_BATCH])
                if not rows:
                    break
                per_article = Counter(article_id for _, article_id in rows)
                ArticleVisitorDay.objects.filter(pk__in=[pk for pk, _ in rows]).update(folded=True)
                # In one order, so two folds running at once (one per worker without Redis) cannot deadlock.
                for article_id in sorted(per_article):
                    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + per_article[article_id])
                total += len(rows)
        # Only today's keys stop reloads; yesterday's stay a day for buffers written just after midnight.
        ArticleVisitorDay.objects.filter(folded=True, day__lt=timezone.localdate() - timedelta(days=1)).delete()
        return total


_ADD_SCRIPT = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
end
return 0
"""
_TAKE_SCRIPT = """
local n = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
return n
"""


class RedisStore:
    """Visitor sets and the pending counts in Redis (keys under `PORTAL_VIEWS_REDIS_PREFIX`)."""

    def __init__(self, url: str):
        self.client = redis.Redis.from_url(url, socket_timeout=2)
        self._add = self.client.register_script(_ADD_SCRIPT)
        self._take = self.client.register_script(_TAKE_SCRIPT)

    @staticmethod
    def _key(name: str) -> str:
        return f"{settings.PORTAL_VIEWS_REDIS_PREFIX}{name}"

    def add(self, article_id: int, day: date, visitor: str) -> None:
        try:
            new = self._add(keys=[self._key(f"seen:{article_id}:{day:%Y%m%d}"), self._key("pending")],
                            args=[visitor, SEEN_TTL, article_id])
        except redis.RedisError:
            log.warning("Redis unavailable: a view of article %s was not counted", article_id)
            return
        if new:
            request_fold()

    def pending(self, article_id: int) -> int:
        try:
            return int(self.client.hget(self._key("pending"), article_id) or 0)
        except redis.RedisError:
            return 0

    def shown(self, article_id: int) -> int:
        folded = Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first()
        return 0 if folded is None else folded + self.pending(article_id)

    def fold(self) -> int:
        total = 0
        for field in sorted(self.client.hkeys(self._key("pending")), key=int):
            article_id = int(field)
            n = int(self._take(keys=[self._key("pending")], args=[article_id]) or 0)
            if not n:
                continue
            try:
                Article.objects.filter(pk=article_id).update(view_count=F("view_count") + n)
            except Exception:
                self.client.hincrby(self._key("pending"), article_id, n)  # give them back to the next fold
                raise
            total += n
        return total


BUFFER = DatabaseStore()
_REDIS_STORES: dict[str, RedisStore] = {}


def store() -> DatabaseStore | RedisStore:
    """The Redis store when `REDIS_URL` is set, else the database buffer of this process."""
    url = settings.REDIS_URL
    if not url:
        return BUFFER
    if url not in _REDIS_STORES:
        _REDIS_STORES[url] = RedisStore(url)
    return _REDIS_STORES[url]
