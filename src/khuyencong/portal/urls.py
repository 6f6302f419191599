from django.contrib.sitemaps.views import sitemap
from django.urls import path

from khuyencong.portal import caching
from khuyencong.portal.feeds import LatestNewsAtomFeed, LatestNewsFeed
from khuyencong.portal.sitemaps import SITEMAPS
from khuyencong.portal.views import comments, compose, directory, editorial, front, news

app_name = "portal"

# Public pages live under tin-tuc/ and danh-ba/; the editors' back office under bien-tap/.
urlpatterns = [
    path("", front.front_page, name="front"),
    # The public directory of craft villages (danh bạ làng nghề).
    path("danh-ba/", directory.directory, name="directory"),
    path("danh-ba/ban-do/", directory.village_map, name="directory_map"),
    path("danh-ba/lang-nghe/<str:code>/", directory.village, name="directory_village"),
    path("danh-ba/anh/<int:pk>/", directory.photo, name="directory_photo"),
]

# The editors' back office, and the articles' images (public while their article is). tin-tuc/anh/… must come
# before tin-tuc/<slug>/.
urlpatterns += [
    path("tin-tuc/anh/<int:pk>/", editorial.article_image, name="article_image"),
    path("bien-tap/", editorial.article_list, name="editorial"),
    path("bien-tap/bai/moi/", editorial.article_create_view, name="article_create"),
    path("bien-tap/bai/<int:pk>/", editorial.article_manage, name="article_manage"),
    path("bien-tap/bai/<int:pk>/sua/", editorial.article_edit, name="article_edit"),
    path("bien-tap/bai/<int:pk>/xem-truoc/", editorial.article_preview, name="article_preview"),
    path("bien-tap/bai/<int:pk>/chuyen/", editorial.article_transition_view, name="article_transition"),
    path("bien-tap/bai/<int:pk>/anh/", editorial.image_upload, name="article_image_upload"),
    path("bien-tap/phien-ban/<int:pk>/", editorial.revision_detail, name="article_revision"),
    path("bien-tap/phien-ban/<int:pk>/khoi-phuc/", editorial.revision_restore, name="article_restore"),
]

# Public news. The fixed paths under tin-tuc/ come before tin-tuc/<slug>/.
urlpatterns += [
    path("tin-tuc/", news.news_list, name="news_list"),
    path("tin-tuc/rss/", LatestNewsFeed(), name="feed_rss"),
    path("tin-tuc/atom/", LatestNewsAtomFeed(), name="feed_atom"),
    path("tin-tuc/chuyen-muc/<slug:slug>/", news.news_category, name="news_category"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Reader comments and their moderation.
urlpatterns += [
    path("tin-tuc/<slug:slug>/y-kien/", comments.comment_post, name="comment_post"),
    path("tin-tuc/<slug:slug>/y-kien/ma/", comments.comment_captcha, name="comment_captcha"),
    path("bien-tap/y-kien/", comments.comment_queue, name="comment_queue"),
]

# The article page comes last: tin-tuc/<slug>/ would otherwise catch the fixed paths above.
urlpatterns += [
    path("tin-tuc/<slug:slug>/", news.article, name="article"),
    # “Soạn bài tin” from the figures (POST from a report's page or the programme page)
    path("bien-tap/soan-tu-so-lieu/", compose.compose_from_figures, name="compose_from_figures"),
]

# The public pages named in caching.CACHED_PAGES are cached whole for anonymous visitors (keep this line last).
urlpatterns = caching.cache_public_patterns(urlpatterns)
