"""Indicators (computed by the one engine, for a unit in the user's area), reported data values and their
approval, and targets. Read through indicators.selectors and the engine, written through the pages' forms and
services, allowed by indicators.permissions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from khuyencong.api import formbridge
from khuyencong.api.serializers import Described, DescribedModelSerializer, code_of, label_of
from khuyencong.api.views import ApiViewMixin, CreateViewSet, WriteViewSet
from khuyencong.core.forms import require
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import NoChildren, UnitNotFound
from khuyencong.indicators.catalogue import CATALOGUE, UnknownIndicator
from khuyencong.indicators.engine import compute
from khuyencong.indicators.forms import (
    CellForm,
    DataValueFilterForm,
    ResultForm,
    TargetFilterForm,
    TargetForm,
    UnlockForm,
)
from khuyencong.indicators.models import DataValue, Target
from khuyencong.indicators.permissions import (
    can_edit_targets,
    can_enter_data,
    can_unlock_value,
    can_view_indicators,
    can_view_unit,
)
from khuyencong.indicators.selectors import data_value_list, target_list, unit_for
from khuyencong.indicators.services import data_values as value_services
from khuyencong.indicators.services import targets as target_services

PARAMS = [
    OpenApiParameter("unit", str, description="Mã đơn vị (tỉnh 01, huyện cũ 277, xã 10030); trống: toàn quốc"),
    OpenApiParameter("period", str, required=True, description="Kỳ: một năm (2015) hoặc năm đầu-năm cuối (2011-2015)"),
    OpenApiParameter("hierarchy", str, enum=Hierarchy.values, description="Hệ thống mã đơn vị"),
    OpenApiParameter("by", str, enum=["child", "year"], description="Chia theo đơn vị cấp dưới hoặc từng năm"),
    OpenApiParameter("indicator", str, description="Chỉ tính các chỉ tiêu này (mã, ngăn cách bằng dấu phẩy)"),
]


class ResultSerializer(Described):
    unit = serializers.CharField(help_text="Mã đơn vị (trống: toàn quốc)")
    period = serializers.CharField(help_text="Kỳ")
    values = serializers.DictField(child=serializers.FloatField(allow_null=True),
                                   help_text="Giá trị theo mã chỉ tiêu; tỷ lệ tính bằng phần trăm, tiền bằng đồng, "
                                             "không có số liệu: null")
    breakdown = serializers.DictField(required=False, help_text="Với `by`: giá trị theo từng đơn vị cấp dưới hoặc "
                                                                 "từng năm")


class IndicatorDefinitionSerializer(Described):
    code = serializers.CharField(help_text="Mã chỉ tiêu")
    name = serializers.CharField(help_text="Tên chỉ tiêu")
    unit = serializers.CharField(help_text="Đơn vị tính")
    kind = serializers.CharField(help_text="Loại: cộng dồn trong kỳ, tại cuối kỳ, tỷ lệ / tăng trưởng")
    definition = serializers.CharField(help_text="Định nghĩa")
    basis = serializers.CharField(help_text="Căn cứ")


class IndicatorViewSet(ApiViewMixin, ViewSet):
    """Chỉ tiêu: exactly what `khuyencong indicators --json` prints, for a unit within the user's area."""

    @extend_schema(parameters=PARAMS, responses=ResultSerializer)
    def list(self, request):
        require(can_view_indicators(request.user))
        q = request.query_params
        form = ResultForm({"unit_code": q.get("unit", ""), "unit_hierarchy": q.get("hierarchy", "current"),
                           "period": q.get("period", ""), "by": q.get("by", "")})
        if not form.is_valid():
            names = {"unit_code": "unit", "unit_hierarchy": "hierarchy"}
            raise ValidationError({names.get(k, k): v for k, v in formbridge.form_errors(form).items()})
        unit = form.cleaned_data["unit_obj"]
        require(can_view_unit(request.user, unit))
        codes = [c.strip() for c in q.get("indicator", "").split(",") if c.strip()]
        try:
            result = compute(codes=codes or None, unit=unit, period=form.cleaned_data["period"],
                             by=form.cleaned_data["by"] or None)
        except UnknownIndicator as exc:
            raise ValidationError({"indicator": str(exc)}) from None
        except NoChildren as exc:
            raise ValidationError({"by": str(exc)}) from None
        return Response(result.as_json())

    @extend_schema(responses=IndicatorDefinitionSerializer(many=True))
    @action(detail=False, methods=["get"])
    def catalogue(self, request):
        """The indicator catalogue: code, name, unit, kind, definition, legal basis."""
        require(can_view_indicators(request.user))
        return Response([{"code": i.code, "name": str(i.name), "unit": str(i.unit_label), "kind": str(i.kind),
                          "definition": str(i.definition), "basis": str(i.basis)} for i in CATALOGUE.values()])


class DataValueSerializer(DescribedModelSerializer):
    element = code_of("element.code", "Mã chỉ tiêu dữ liệu")
    unit = code_of("unit.code", "Mã đơn vị")
    unit_hierarchy = code_of("unit.hierarchy", "Hệ thống đơn vị: current hoặc legacy")
    state_label = label_of("state", "Tên trạng thái")

    class Meta:
        model = DataValue
        fields = ["id", "element", "unit", "unit_hierarchy", "year", "value", "comment", "state", "state_label",
                  "approved_at"]


class DataValueInput(Described):
    element = serializers.CharField(help_text="Mã chỉ tiêu dữ liệu")
    unit = serializers.CharField(help_text="Mã đơn vị")
    unit_hierarchy = serializers.ChoiceField(choices=Hierarchy.choices, required=False,
                                             help_text="Hệ thống mã đơn vị")
    year = serializers.IntegerField(help_text="Năm")
    value = serializers.CharField(help_text="Giá trị (số, ví dụ 1350 hoặc 626,5)")
    comment = serializers.CharField(required=False, help_text="Ghi chú")


class DataValueViewSet(CreateViewSet):
    """Số liệu báo cáo (reported data values): saved as drafts, submitted, approved, unlocked, as on the data-entry
    grid, for the units within the user's area."""

    serializer_class = DataValueSerializer
    filter_form = DataValueFilterForm
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    queryset = DataValue.objects.none()

    def selector(self, filters):
        return data_value_list(user=self.request.user, filters=filters)

    def get_record(self, key):
        return data_value_list(user=self.request.user).filter(pk=key).first()

    @extend_schema(request=DataValueInput, responses={201: DataValueSerializer})
    def create(self, request, *args, **kwargs):
        """Save one value (what the grid's cell does): refused outside the user's area or when locked."""
        require(can_enter_data(request.user))
        payload = request.data
        keys = {"element", "unit", "unit_hierarchy", "year", "value", "comment"}
        if not isinstance(payload, dict):
            raise ValidationError(_("Dữ liệu gửi lên phải là một đối tượng JSON ({…})."))
        unknown = sorted(set(payload) - keys)
        if unknown:
            raise ValidationError({k: _("Trường “%(key)s” không có. Các trường nhận: %(keys)s.")
                                   % {"key": k, "keys": ", ".join(sorted(keys))} for k in unknown})
        errors = {}
        try:
            unit = unit_for(str(payload.get("unit") or ""), str(payload.get("unit_hierarchy") or "current"))
        except UnitNotFound as exc:
            errors["unit"] = [str(exc)]
        bad = {k: _("Giá trị phải là chữ, số hoặc true/false, không phải danh sách hay đối tượng.")
               for k, v in payload.items() if v is not None and not isinstance(v, formbridge.SCALARS)}
        if bad:
            raise ValidationError(bad)
        form = CellForm({k: str(payload[k]) for k in ("element", "year", "value", "comment")
                         if payload.get(k) is not None})
        if not form.is_valid():
            errors.update(formbridge.form_errors(form))
        if errors:
            raise ValidationError(errors)
        d = form.cleaned_data
        value = value_services.data_value_save(actor=request.user, element=d["element"], unit=unit, year=d["year"],
                                               value=d["value"], comment=d["comment"])
        return Response(DataValueSerializer(value).data, status=status.HTTP_201_CREATED)

    def _act(self, service, value=None, **extra):
        value = service(actor=self.request.user, value=value or self.get_object(), **extra)
        return Response(DataValueSerializer(value).data)

    @extend_schema(request=None, responses=DataValueSerializer)
    @action(detail=True, methods=["post"], filter_form=None)
    def submit(self, request, id=None):
        """Send a draft for approval."""
        return self._act(value_services.data_value_submit)

    @extend_schema(request=None, responses=DataValueSerializer)
    @action(detail=True, methods=["post"], filter_form=None)
    def approve(self, request, id=None):
        """Approve (and lock) a submitted value: approvers of its unit."""
        return self._act(value_services.data_value_approve)

    @extend_schema(request=formbridge.form_serializer("UnlockInput", UnlockForm), responses=DataValueSerializer)
    @action(detail=True, methods=["post"], filter_form=None)
    def unlock(self, request, id=None):
        """Unlock an approved value, with a reason."""
        value = self.get_object()  # another unit's value is a 404 before its body is read
        require(can_unlock_value(request.user, value))  # and a refusal comes before the body's errors
        form = formbridge.bind(UnlockForm, request.data, initial_form=UnlockForm())
        return self._act(value_services.data_value_unlock, value, reason=form.cleaned_data["reason"])


class TargetSerializer(DescribedModelSerializer):
    unit = code_of("unit.code", "Mã đơn vị")
    unit_hierarchy = code_of("unit.hierarchy", "Hệ thống đơn vị: current hoặc legacy")

    class Meta:
        model = Target
        fields = ["id", "indicator", "unit", "unit_hierarchy", "start_year", "end_year", "low", "high", "note"]


class TargetViewSet(WriteViewSet):
    """Mục tiêu (targets) of an indicator for a unit and a period."""

    serializer_class = TargetSerializer
    filter_form = TargetFilterForm
    input_form = TargetForm
    field_map = {"unit": "unit_code"}
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    queryset = Target.objects.none()

    def selector(self, filters):
        return target_list(user=self.request.user, filters=filters)

    def get_record(self, key):
        return target_list(user=self.request.user).filter(pk=key).first()

    def form_kwargs(self, obj):
        return {}

    def form_initial(self, obj):
        if obj is None:
            return {}
        period = f"{obj.start_year}-{obj.end_year}" if obj.start_year != obj.end_year else str(obj.start_year)
        return {"indicator": obj.indicator, "unit_code": obj.unit.code, "unit_hierarchy": obj.unit.hierarchy,
                "period": period, "low": "" if obj.low is None else str(obj.low),
                "high": "" if obj.high is None else str(obj.high), "note": obj.note}

    def can_create(self):
        return can_edit_targets(self.request.user)

    def can_edit(self, obj):
        return can_edit_targets(self.request.user, obj.unit)

    def save(self, form, obj):
        d = form.cleaned_data
        fields = {"indicator": d["indicator"], "unit": d["unit_obj"], "period": d["period_obj"], "low": d["low"],
                  "high": d["high"], "note": d["note"]}
        if obj is None:
            return target_services.target_create(actor=self.request.user, **fields)
        return target_services.target_update(actor=self.request.user, target=obj, **fields)

    def destroy(self, request, *args, **kwargs):
        target = self.get_object()
        target_services.target_delete(actor=request.user, target=target)
        return Response(status=status.HTTP_204_NO_CONTENT)
