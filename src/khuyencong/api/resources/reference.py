"""Reference data, read only: administrative units of both hierarchies (with `resolve`, the unit pickers' rule)
and the catalogues (sectors, crafts). Units are public reference data: every signed-in user reads all of them, as
the unit pickers do; what is scoped is the records placed in them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from khuyencong.accounts.scoping import scope_units
from khuyencong.api.serializers import DescribedModelSerializer, code_of, label_of
from khuyencong.api.views import ReadViewSet
from khuyencong.geo.models import AdminUnit, Hierarchy, Level
from khuyencong.geo.selectors import UnitNotFound, unit_get, unit_matches, unit_resolve, unit_successors
from khuyencong.registry.models import Craft, Sector


class UnitFilterForm(forms.Form):
    """The unit list's filters: a hierarchy, a level, a parent's code, a name or code typed (as the pickers)."""

    hierarchy = forms.ChoiceField(label=_("Hệ thống đơn vị"), choices=Hierarchy.choices, required=False)
    level = forms.ChoiceField(label=_("Cấp"), choices=[("", "—"), *Level.choices], required=False)
    parent = forms.CharField(label=_("Mã đơn vị cấp trên"), max_length=5, required=False)
    q = forms.CharField(label=_("Tên hoặc mã (như ô chọn đơn vị)"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        data["hierarchy"] = data.get("hierarchy") or Hierarchy.CURRENT
        data["parent_unit"] = None
        if data.get("parent"):
            try:
                data["parent_unit"] = unit_get(code=data["parent"], hierarchy=data["hierarchy"])
            except UnitNotFound as exc:
                self.add_error("parent", str(exc))
        return data


class UnitSerializer(DescribedModelSerializer):
    level_label = label_of("level", "Tên cấp")
    parent = code_of("parent.code", "Mã đơn vị cấp trên")
    province = code_of("province.code", "Mã tỉnh/thành phố")
    district = code_of("district.code", "Mã quận/huyện (hệ thống cũ)")
    successors = serializers.SerializerMethodField(help_text="Mã các xã/phường hiện hành kế thừa (xã cũ)")

    class Meta:
        model = AdminUnit
        fields = ["code", "name", "hierarchy", "level", "level_label", "division_type", "parent", "province",
                  "district", "valid_from", "valid_to", "successors"]

    def get_successors(self, obj) -> list[str]:
        if obj.hierarchy != Hierarchy.LEGACY or obj.level != Level.COMMUNE:
            return []
        return [u.code for u in unit_successors(obj)]


HIERARCHY = OpenApiParameter("hierarchy", str, enum=Hierarchy.values, description="Hệ thống đơn vị (mặc định "
                                                                                   "current)")


class UnitViewSet(ReadViewSet):
    """Đơn vị hành chính of both hierarchies, by code (`?hierarchy=legacy` for an old one)."""

    serializer_class = UnitSerializer
    filter_form = UnitFilterForm
    queryset = AdminUnit.objects.none()

    def filters(self):
        params = self.request.query_params
        form = UnitFilterForm({k: params.get(k) for k in ("hierarchy", "level", "parent", "q") if params.get(k)})
        if not form.is_valid():
            raise ValidationError(form.errors)
        return form.cleaned_data

    def selector(self, filters):
        qs = AdminUnit.objects.filter(hierarchy=filters["hierarchy"]).select_related("parent", "province",
                                                                                     "district")
        if filters.get("level"):
            qs = qs.filter(level=filters["level"])
        if filters["parent_unit"] is not None:
            qs = qs.filter(parent=filters["parent_unit"])
        if filters.get("q"):
            qs = qs.filter(pk__in=[u.pk for u in unit_matches(filters["q"], hierarchy=filters["hierarchy"],
                                                               level=filters.get("level") or None, limit=50)])
        return qs

    def get_record(self, key):
        hierarchy = self.request.query_params.get("hierarchy") or Hierarchy.CURRENT
        return AdminUnit.objects.filter(hierarchy=hierarchy, code=key).select_related(
            "parent", "province", "district").first()

    @extend_schema(parameters=[HIERARCHY])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(parameters=[
        OpenApiParameter("q", str, required=True, description="Mã hoặc tên như người dùng gõ: “10030”, “phu nghia”, "
                                                              "“phu nghia, ha noi”"),
        HIERARCHY, OpenApiParameter("level", str, enum=Level.values, description="Cấp")],
        responses=UnitSerializer)
    @action(detail=False, methods=["get"], filter_form=None, pagination_class=None)
    def resolve(self, request):
        """The one unit a typed code or name means (a name in several places settled by the user's own units);
        400 listing the candidates otherwise, as the unit pickers answer."""
        params = request.query_params
        hierarchy = params.get("hierarchy") or Hierarchy.CURRENT
        if hierarchy not in Hierarchy.values:
            raise ValidationError({"hierarchy": _("Viết current (hiện hành) hoặc legacy (trước 01/07/2025).")})
        level = params.get("level") or None
        if level is not None and level not in Level.values:
            raise ValidationError({"level": _("Viết province, district hoặc commune.")})
        try:
            unit = unit_resolve(params.get("q", ""), hierarchy=hierarchy, level=level,
                                areas=scope_units(request.user))
        except UnitNotFound as exc:
            raise ValidationError({"q": str(exc)}) from None
        return Response(UnitSerializer(unit).data)


class SectorSerializer(DescribedModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


class SectorViewSet(ReadViewSet):
    """Ngành nghề (NĐ 45/2012, Điều 5), by code."""

    serializer_class = SectorSerializer
    queryset = Sector.objects.none()
    pagination_class = None

    def selector(self, filters):
        return Sector.objects.all()

    def get_record(self, key):
        return Sector.objects.filter(code=key).first()


class CraftSerializer(DescribedModelSerializer):
    class Meta:
        model = Craft
        fields = ["id", "name"]


class CraftViewSet(ReadViewSet):
    """Nghề (crafts) as the catalogue spells them."""

    serializer_class = CraftSerializer
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    queryset = Craft.objects.none()

    def selector(self, filters):
        return Craft.objects.all()

    def get_record(self, key):
        return Craft.objects.filter(pk=key).first()
