from django.urls import path

from khuyencong.portal.views import directory, front

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
