from django.urls import path

from khuyencong.reports.views import reports

app_name = "reports"

urlpatterns = [
    path("", reports.index, name="index"),
    path("<int:pk>/", reports.detail, name="detail"),
    path("<int:pk>/lap-lai/", reports.retry, name="retry"),
    path("<int:pk>/tai.<str:fmt>", reports.download, name="download"),
]
