from django.urls import path

from khuyencong.portal import caching
from khuyencong.portal.views import front

app_name = "portal"

# Public pages live under tin-tuc/ and danh-ba/; the editors' back office under bien-tap/.
urlpatterns = [
    path("", front.front_page, name="front"),
]

# The public pages named in caching.CACHED_PAGES are cached whole for anonymous visitors (keep this line last).
urlpatterns = caching.cache_public_patterns(urlpatterns)
