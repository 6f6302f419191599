from django.contrib import admin
from django.urls import include, path

from khuyencong.accounts.views.health import healthz

admin.site.site_header = "Khuyến công — Quản trị"
admin.site.site_title = "Khuyến công"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("khuyencong.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("khuyencong.accounts.urls")),
    path("nhap-du-lieu/", include("khuyencong.imports.urls")),
    path("quan-tri/", admin.site.urls),
    path("de-an/", include("khuyencong.projects.urls")),
    path("so-dang-ky/", include("khuyencong.registry.urls")),
    path("dao-tao/", include("khuyencong.training.urls")),
    path("don-vi/", include("khuyencong.geo.urls")),
    path("chi-tieu/", include("khuyencong.indicators.urls")),
    path("bao-cao/", include("khuyencong.reports.urls")),
    path("captcha/", include("captcha.urls")),
    path("", include("khuyencong.portal.urls")),
    path("", include("khuyencong.core.urls")),
]
