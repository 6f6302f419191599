from django.urls import path

from khuyencong.portal.views import article_minimal, comments, front

app_name = "portal"

# Public pages live under tin-tuc/ and danh-ba/; the editors' back office under bien-tap/.
urlpatterns = [
    path("", front.front_page, name="front"),
]

# Reader comments and their moderation.
urlpatterns += [
    path("tin-tuc/<slug:slug>/y-kien/", comments.comment_post, name="comment_post"),
    path("bien-tap/y-kien/", comments.comment_queue, name="comment_queue"),
]

# Minimal article page until the news pages land (they own `portal:article`).
urlpatterns += [
    path("tin-tuc/<slug:slug>/", article_minimal.article_page, name="article"),
]
