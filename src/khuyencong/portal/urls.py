from django.urls import path

from khuyencong.portal.views import front

app_name = "portal"

# Public pages live under tin-tuc/ and danh-ba/; the editors' back office under bien-tap/.
urlpatterns = [
    path("", front.front_page, name="front"),
]
