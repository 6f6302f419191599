from django.urls import path

from khuyencong.portal.views import compose, front

app_name = "portal"

# Public pages live under tin-tuc/ and danh-ba/; the editors' back office under bien-tap/.
urlpatterns = [
    path("", front.front_page, name="front"),
    # “Soạn bài tin” from the figures (POST from a report's page or the programme page)
    path("bien-tap/soan-tu-so-lieu/", compose.compose_from_figures, name="compose_from_figures"),
    # placeholder until the editor's page takes this name (portal:article_edit)
    path("bien-tap/bai/<int:pk>/sua/", compose.article_edit_placeholder, name="article_edit"),
]
