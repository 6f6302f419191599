from django.urls import path

from khuyencong.portal.views import front

app_name = "portal"

urlpatterns = [
    path("", front.front_page, name="front"),
]
