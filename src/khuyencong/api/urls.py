"""/api/v1/ (the resources), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI, served from the sidecar wheel)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from khuyencong.api.resources import indicators, projects, reference, registry, training
from khuyencong.api.views import UnknownAddressView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = False
router.register("establishments", registry.EstablishmentViewSet, basename="establishments")
router.register("villages", registry.VillageViewSet, basename="villages")
router.register("products", registry.ProductViewSet, basename="products")
router.register("projects", projects.ProjectViewSet, basename="projects")
router.register("funding-rules", projects.FundingRuleViewSet, basename="funding-rules")
router.register("classes", training.ClassViewSet, basename="classes")
router.register("transplants", training.TransplantViewSet, basename="transplants")
router.register("data-values", indicators.DataValueViewSet, basename="data-values")
router.register("targets", indicators.TargetViewSet, basename="targets")
router.register("indicators", indicators.IndicatorViewSet, basename="indicators")
router.register("units", reference.UnitViewSet, basename="units")
router.register("sectors", reference.SectorViewSet, basename="sectors")
router.register("crafts", reference.CraftViewSet, basename="crafts")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^", UnknownAddressView.as_view(), name="unknown"),  # last: any other address, a JSON 404
]
