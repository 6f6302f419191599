"""Establishments, craft villages (and their yearly statistics), products (and their certificates): read through
registry.selectors, written through the registry pages' forms and services, allowed by registry.permissions."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from khuyencong.accounts.scoping import mark_visible
from khuyencong.api.formbridge import form_serializer
from khuyencong.api.serializers import DescribedModelSerializer, code_of, label_of
from khuyencong.api.views import WriteViewSet, write_with_form
from khuyencong.core.forms import require
from khuyencong.registry import permissions, selectors
from khuyencong.registry.forms import (
    CertificateForm,
    EstablishmentFilterForm,
    EstablishmentForm,
    ProductFilterForm,
    ProductForm,
    VillageFilterForm,
    VillageForm,
    VillageYearForm,
)
from khuyencong.registry.models import CraftVillage, CraftVillageYear, Establishment, Product, ProductCertificate
from khuyencong.registry.services import (
    certificate_add,
    establishment_create,
    establishment_update,
    product_create,
    product_update,
    village_create,
    village_update,
    village_year_upsert,
)

# Service field → the form field (and so the API field) that gives it.
FIELD_MAP = {"craft_village": "craft_village_code", "establishment": "establishment_code"}
UNIT = "Mã đơn vị hành chính"


class EstablishmentSerializer(DescribedModelSerializer):
    kind_label = label_of("kind", "Tên loại hình")
    commune = code_of("commune.code", "Mã xã/phường nơi cơ sở được ghi nhận")
    commune_hierarchy = code_of("commune.hierarchy", "Hệ thống đơn vị của xã/phường: current hoặc legacy")
    current_commune = code_of("current_commune.code", "Mã xã/phường hiện hành (trống: xã cũ bị chia, chưa chọn)")
    sector = code_of("sector.code", "Mã ngành (NĐ 45/2012, Điều 5)")
    craft_village_code = serializers.SerializerMethodField(
        help_text="Mã làng nghề (trống khi làng nằm ngoài địa bàn của người dùng: chỉ nêu tên)")
    craft_village_name = serializers.CharField(source="craft_village.name", read_only=True, default=None,
                                               help_text="Tên làng nghề")

    class Meta:
        model = Establishment
        fields = ["code", "name", "kind", "kind_label", "tax_code", "address", "commune", "commune_hierarchy",
                  "current_commune", "sector", "craft_village_code", "craft_village_name", "workers", "revenue",
                  "founded_year", "polluting", "created_at", "updated_at"]

    def get_craft_village_code(self, obj) -> str | None:
        village = obj.craft_village
        if village is None:
            return None
        if not hasattr(village, "in_scope"):
            mark_visible(self.context["request"].user, [village])
        return village.code if village.in_scope else None


class EstablishmentViewSet(WriteViewSet):
    """Cơ sở CNNT (establishments), addressed by their code."""

    serializer_class = EstablishmentSerializer
    filter_form = EstablishmentFilterForm
    input_form = EstablishmentForm
    field_map = FIELD_MAP
    queryset = Establishment.objects.none()

    def selector(self, filters):
        return selectors.establishment_list(user=self.request.user, filters=filters)

    def prepare(self, rows):
        mark_visible(self.request.user, [e.craft_village for e in rows])

    def get_record(self, key):
        return selectors.establishment_by_code(user=self.request.user, code=key)

    def form_kwargs(self, obj):
        return {"user": self.request.user, "instance": obj}

    def form_initial(self, obj):
        return EstablishmentForm.initial_from(obj) if obj else {}

    def can_create(self):
        return permissions.can_create_establishment(self.request.user)

    def can_edit(self, obj):
        return permissions.can_edit_establishment(self.request.user, obj)

    def save(self, form, obj):
        if obj is None:
            return establishment_create(actor=self.request.user, **form.service_kwargs())
        return establishment_update(actor=self.request.user, establishment=obj, **form.service_kwargs())


class VillageYearSerializer(DescribedModelSerializer):
    class Meta:
        model = CraftVillageYear
        fields = ["year", "households", "craft_households", "workers", "production_value", "export_value"]


class VillageSerializer(DescribedModelSerializer):
    recognition_label = label_of("recognition", "Tên mức công nhận")
    commune = code_of("commune.code", "Mã xã/phường nơi làng được ghi nhận")
    commune_hierarchy = code_of("commune.hierarchy", "Hệ thống đơn vị của xã/phường: current hoặc legacy")
    current_commune = code_of("current_commune.code", "Mã xã/phường hiện hành")
    crafts = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True, help_text="Các nghề")

    class Meta:
        model = CraftVillage
        fields = ["code", "name", "commune", "commune_hierarchy", "current_commune", "crafts", "recognition",
                  "recognition_label", "recognition_year", "recognition_decision", "latitude", "longitude"]


class VillageViewSet(WriteViewSet):
    """Làng nghề (craft villages), by code; `years` holds their yearly statistics."""

    serializer_class = VillageSerializer
    filter_form = VillageFilterForm
    input_form = VillageForm
    queryset = CraftVillage.objects.none()

    def selector(self, filters):
        return selectors.village_list(user=self.request.user, filters=filters)

    def get_record(self, key):
        return selectors.village_by_code(user=self.request.user, code=key)

    def form_kwargs(self, obj):
        return {"user": self.request.user, "instance": obj}

    def form_initial(self, obj):
        return VillageForm.initial_from(obj) if obj else {}

    def can_create(self):
        return permissions.can_create_village(self.request.user)

    def can_edit(self, obj):
        return permissions.can_edit_village(self.request.user, obj)

    def save(self, form, obj):
        if obj is None:
            return village_create(actor=self.request.user, **form.service_kwargs())
        return village_update(actor=self.request.user, village=obj, **form.service_kwargs())

    @extend_schema(methods=["GET"], responses=VillageYearSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=form_serializer("VillageYearInput", VillageYearForm),
                   responses={201: VillageYearSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_form=None)
    def years(self, request, code=None):
        """A village's yearly statistics; POST records (or replaces) one year."""
        village = self.get_object()
        if request.method == "GET":
            return Response(VillageYearSerializer(village.years.order_by("year"), many=True).data)
        require(permissions.can_edit_village(request.user, village))
        row = write_with_form(request, VillageYearForm, lambda form: village_year_upsert(
            actor=request.user, village=village, **form.cleaned_data))
        return Response(VillageYearSerializer(row).data, status=status.HTTP_201_CREATED)


class CertificateSerializer(DescribedModelSerializer):
    kind_label = label_of("kind", "Tên loại chứng nhận")

    class Meta:
        model = ProductCertificate
        fields = ["kind", "kind_label", "level", "year", "score", "stars", "valid_until", "decision"]


class ProductSerializer(DescribedModelSerializer):
    establishment_code = code_of("establishment.code", "Mã cơ sở làm ra sản phẩm")

    class Meta:
        model = Product
        fields = ["code", "name", "establishment_code", "is_new_design", "design_date"]


class ProductViewSet(WriteViewSet):
    """Sản phẩm (products), by code; `certificates` holds their typical-product and OCOP certificates."""

    serializer_class = ProductSerializer
    filter_form = ProductFilterForm
    input_form = ProductForm
    field_map = FIELD_MAP
    queryset = Product.objects.none()

    def selector(self, filters):
        return selectors.product_list(user=self.request.user, filters=filters)

    def get_record(self, key):
        return selectors.product_list(user=self.request.user).filter(code=key).first()

    def form_initial(self, obj):
        return ProductForm.initial_from(obj) if obj else {}

    def can_create(self):
        return permissions.can_create_product(self.request.user)

    def can_edit(self, obj):
        return permissions.can_edit_product(self.request.user, obj)

    def save(self, form, obj):
        if obj is None:
            return product_create(actor=self.request.user, **form.service_kwargs())
        return product_update(actor=self.request.user, product=obj, **form.service_kwargs())

    @extend_schema(methods=["GET"], responses=CertificateSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=form_serializer("CertificateInput", CertificateForm),
                   responses={201: CertificateSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_form=None)
    def certificates(self, request, code=None):
        """A product's certificates; POST records one (stars from the OCOP bands, validity from the rules)."""
        product = self.get_object()
        if request.method == "GET":
            return Response(CertificateSerializer(product.certificates.order_by("-year", "pk"), many=True).data)
        require(permissions.can_edit_product(request.user, product))
        cert = write_with_form(request, CertificateForm, lambda form: certificate_add(
            actor=request.user, product=product, **form.cleaned_data))
        return Response(CertificateSerializer(cert).data, status=status.HTTP_201_CREATED)
