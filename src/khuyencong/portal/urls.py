from django.contrib.sitemaps.views import sitemap
from django.urls import path

from khuyencong.portal.feeds import LatestNewsAtomFeed, LatestNewsFeed
from khuyencong.portal.sitemaps import SITEMAPS
from khuyencong.portal.views import front, news

app_name = "portal"

# Public pages live under tin-tuc/ and danh-ba/; the editors' back office under bien-tap/.
urlpatterns = [
    path("", front.front_page, name="front"),
]

# Public news. The fixed paths under tin-tuc/ come before tin-tuc/<slug>/.
urlpatterns += [
    path("tin-tuc/", news.news_list, name="news_list"),
    path("tin-tuc/rss/", LatestNewsFeed(), name="feed_rss"),
    path("tin-tuc/atom/", LatestNewsAtomFeed(), name="feed_atom"),
    path("tin-tuc/chuyen-muc/<slug:slug>/", news.news_category, name="news_category"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# The article page comes last: tin-tuc/<slug>/ would otherwise catch the fixed paths above.
urlpatterns += [
    path("tin-tuc/<slug:slug>/", news.article, name="article"),
]
