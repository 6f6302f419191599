from django.urls import path

from khuyencong.geo import views

app_name = "geo"

urlpatterns = [
    path("goi-y/", views.unit_options, name="unit_options"),
]
