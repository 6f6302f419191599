"""The public pages' cache: whole pages for anonymous visitors, fragments of the article page, one generation.

Every cache key carries a **generation number**. `invalidate_public_pages()` bumps it, so every cached page and
fragment is stale at once, in every web worker: the generation lives where all workers see it — in Redis when
`REDIS_URL` is configured (the cache itself is then shared), otherwise in the one-row table
`PageCacheGeneration` (each worker's LocMem cache is its own, the number is not). A request reads it at most once
(it is kept on the request). Entries also expire after `PORTAL_CACHE_SECONDS` (60 s), so what changes without an
explicit bump (a scheduled article whose time comes, an edit in the registry shown by the directory) appears
within a minute. Registry writes that change what the directory shows, and imports of villages, establishments or
products, bump the generation at once (`portal/extensions.py` answers the registry's hooks).

Whole pages (`cache_public_page`, or `cache_public_patterns` over the URL patterns named in `CACHED_PAGES`) are
served from the cache only to anonymous visitors on GET/HEAD, and stored only when the response is a plain 200
that sets no cookie, used no CSRF token, touched no session or messages and says nothing private. The response
header `X-Portal-Cache` says `hit`, `miss` (stored now), `skip` (not storable) or `bypass` (signed-in user, POST);
`X-Portal-Cache-Generation` gives the generation.

The article page is not cached whole (it counts views and carries the comment form's CSRF token): the parts that
cost queries ("Tin khác", the tags, the approved comments) are kept with `remember(name, *parts, compute=…)` under
the same generation.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone, translation

from khuyencong.portal.models import PageCacheGeneration

HEADER = "X-Portal-Cache"
GENERATION_HEADER = "X-Portal-Cache-Generation"
GENERATION_KEY = "portal:generation"
_REQUEST_ATTR = "_portal_cache_generation"
# Headers a stored page keeps; the rest (cookies, Vary added by middleware later) are the request's own.
_KEPT_HEADERS = {"content-type", "content-language", "content-disposition", "last-modified", "etag"}

# The public pages cached whole, by URL name in the `portal` namespace (`cache_public_patterns` wraps them).
CACHED_PAGES = frozenset({
    "front", "news_list", "news_category", "feed_rss", "feed_atom", "sitemap",
    "directory", "directory_village", "directory_map",
})


def cache_seconds() -> int:
    """How long a page or fragment lives without a bump; 0 turns the cache off (the test suite's default)."""
    return settings.PORTAL_CACHE_SECONDS


def _generation_in_cache() -> bool:
    return bool(settings.REDIS_URL)


def current_generation(request=None) -> int:
    """The generation every key carries: read once per request (kept on it), from Redis or the database."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    if _generation_in_cache():
        number = cache.get(GENERATION_KEY)
        if number is None:
            # A fresh (or flushed) Redis starts past every number used before, so no old page comes back.
            cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
            number = cache.get(GENERATION_KEY, 0)
    else:
        number = PageCacheGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    if request is not None:
        setattr(request, _REQUEST_ATTR, number)
    return number


def invalidate_public_pages() -> None:
    """Make every cached public page and fragment stale, in every worker. Call it with transaction.on_commit."""
    if _generation_in_cache():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no number yet: start one past anything used before
            current_generation()
            cache.incr(GENERATION_KEY)
        return
    now = timezone.now()
    if not PageCacheGeneration.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        PageCacheGeneration.objects.get_or_create(pk=1)
        PageCacheGeneration.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now)


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def page_key(request, generation: int) -> str:
    """Scheme, host, path and query string, language, generation: `?q=a` and `?q=b` are different pages."""
    return f"portal:page:{generation}:{_digest(request.build_absolute_uri(), translation.get_language())}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page used a CSRF token: it belongs to this visitor
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "used", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    return b"csrfmiddlewaretoken" not in response.content


def _mark(response, state: str, generation: int | None = None):
    response[HEADER] = state
    if generation is not None:
        response[GENERATION_HEADER] = str(generation)
    return response


def cache_public_page(view: Callable) -> Callable:
    """Cache a public view's whole response for anonymous visitors (see the module's docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = cache_seconds()
        if seconds <= 0:
            return view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return _mark(view(request, *args, **kwargs), "bypass")
        generation = current_generation(request)
        key = page_key(request, generation)
        entry = cache.get(key)
        if entry is not None:
            status, content, headers = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return _mark(response, "hit", generation)
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
            response.render()
        if not _storable(request, response):
            return _mark(response, "skip", generation)
        headers = [(name, value) for name, value in response.items() if name.lower() in _KEPT_HEADERS]
        cache.set(key, (response.status_code, response.content, headers), seconds)
        return _mark(response, "miss", generation)

    wrapped.portal_cached = True
    return wrapped


def cache_public_patterns(urlpatterns: list) -> list:
    """Wrap the views of the patterns named in CACHED_PAGES with `cache_public_page` (end of portal/urls.py)."""
    for pattern in urlpatterns:
        callback = getattr(pattern, "callback", None)
        if getattr(pattern, "name", None) in CACHED_PAGES and not getattr(callback, "portal_cached", False):
            pattern.callback = cache_public_page(callback)
    return urlpatterns


def remember(name: str, *parts, compute: Callable, request=None):
    """A fragment (text, a list of articles…) under the current generation: `compute()` once per generation."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    key = f"portal:frag:{current_generation(request)}:{name}:{_digest(parts, translation.get_language())}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
