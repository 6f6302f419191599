"""No public page of the portal shows what is not public: tax codes, workers, revenue, funds, trainees, yearly
village statistics, unpublished records, establishments that did not agree to be listed.

`public_urls(w)` walks EVERY route of `portal.urls`: a route with parameters is filled from PARAMS (route name →
a function of the world returning its kwargs); a new route with parameters fails the test until PARAMS says which
record to use. Routes of the back office (`bien-tap/`) must send an anonymous visitor to the login page. To cover
more records (articles), add them in `world` and their distinctive strings to SECRETS."""

import pytest
from django.urls import URLPattern, reverse

from khuyencong.portal import urls as portal_urls
from tests.portal import directory_world
from tests.portal.directory_world import SECRETS

pytestmark = pytest.mark.django_db

BACK_OFFICE = "bien-tap/"
# Route name → kwargs from the world, for every route with parameters (one entry may give several kwargs).
PARAMS = {
    "directory_village": lambda w: [{"code": v.code} for v in (w.phu_vinh, w.van_phuc, w.non_la)],
    "directory_photo": lambda w: [{"pk": w.tray_photo.pk}],
}
# Public routes that only take a POST (a GET gets 405 and shows nothing).
POST_ONLY = {"comment_post"}
# Query strings tried on every list-like public route, besides the bare URL.
QUERIES = {
    "directory": ["", "?q=phu+vinh", "?recognition=lang_nghe_truyen_thong", "?page=2", "?unit=legacy:277"],
    "directory_map": ["", "?q=may+tre"],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(make_user):
    return directory_world.build(make_user("canbo", role="centre_staff", unit="01"))


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
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == (405 if url in post_only else 200), url
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} on {url}"
        if response["Content-Type"].startswith("text/html"):
            assert "csrfmiddlewaretoken" not in text, url


def test_the_public_pages_show_the_public_records(client, world):
    """The walk above sees real content: the secrets' absence is not an empty page."""
    page = client.get(reverse("portal:directory_village", kwargs={"code": "LN-PHUVINH"})).content.decode()
    for shown in ("Làng mây tre đan Phú Vinh", "Hợp tác xã Mây tre Phú Vinh", "0243 555 666", "Khay mây đan hoa văn",
                  "Lẵng hoa mây tre"):
        assert shown in page


def test_back_office_sends_anonymous_to_login(client, world):
    for url in back_office_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url


def test_non_public_records_are_not_found(client, world):
    assert client.get(reverse("portal:directory_village", kwargs={"code": "LN-AN"})).status_code == 404
    for photo in (world.private_photo, world.unrecognised_photo):
        assert client.get(reverse("portal:directory_photo", kwargs={"pk": photo.pk})).status_code == 404
