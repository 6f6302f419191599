"""Projects (đề án) by code, their workflow steps as POST actions, their documents, and the funding rules.

Read through projects.selectors, written through the project and transition forms of the pages and the services
`project_create`, `project_update`, `project_transition`, `attachment_add`, `attachment_remove`; allowed by
projects.permissions (`can_create`, `can_edit`, `can_transition`, `can_attach`, `can_remove_attachment`), which
read the workflow table."""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from khuyencong.accounts.scoping import mark_visible
from khuyencong.api import formbridge
from khuyencong.api.serializers import Described, DescribedModelSerializer, code_of, label_of
from khuyencong.api.views import ReadViewSet, WriteViewSet
from khuyencong.core.forms import require
from khuyencong.projects import permissions
from khuyencong.projects.forms import AttachmentForm, ProjectFilterForm, ProjectForm, TransitionForm
from khuyencong.projects.models import Attachment, FundingRule, Project
from khuyencong.projects.selectors import project_actions, project_by_code, project_list
from khuyencong.projects.services.attachments import attachment_add, attachment_remove
from khuyencong.projects.services.projects import project_create, project_transition, project_update
from khuyencong.projects.workflow import WORKFLOW

FIELD_MAP = {"beneficiaries": "beneficiary_codes"}
TRANSITION_NAMES = [t.name for t in WORKFLOW.transitions]


def _all_transition_fields():
    """Every field some step asks (for the schema: each step takes the ones its row of the workflow names)."""
    fields = {}
    for t in WORKFLOW.transitions:
        fields.update({k: v for k, v in TransitionForm(transition=t).fields.items() if k not in fields})
    for field in fields.values():
        field.required = False
    return SimpleNamespace(fields=fields)


class ActionSerializer(Described):
    name = serializers.CharField(help_text="Tên thao tác (dùng trong /transitions/{name}/)")
    label = serializers.CharField(help_text="Tên thao tác như trên trang")
    allowed = serializers.BooleanField(help_text="Người dùng có được thực hiện thao tác này không")
    reason = serializers.CharField(help_text="Lý do không được thực hiện (trống khi được)")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Tài liệu còn thiếu")


class AttachmentSerializer(DescribedModelSerializer):
    kind_label = label_of("kind", "Tên loại tài liệu")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "kind_label", "original_name", "file_type", "size", "uploaded_at"]


class ProjectSerializer(DescribedModelSerializer):
    state_label = label_of("state", "Tên trạng thái")
    activity_label = label_of("activity", "Tên nội dung hoạt động")
    funding_source_label = label_of("funding_source", "Tên nguồn kinh phí")
    commune = code_of("commune.code", "Mã xã/phường (trống: đề án toàn thành phố)")
    beneficiary_codes = serializers.SerializerMethodField(help_text="Mã các cơ sở thụ hưởng (trong địa bàn của "
                                                                    "người dùng; cơ sở ngoài địa bàn không nêu mã)")
    version = serializers.IntegerField(read_only=True, help_text="Phiên bản: gửi kèm khi sửa hoặc chuyển trạng "
                                                                 "thái để không ghi đè thay đổi của người khác")

    class Meta:
        model = Project
        fields = ["code", "title", "state", "state_label", "activity", "activity_label", "funding_source",
                  "funding_source_label", "plan_year", "commune", "implementing_unit", "beneficiary_codes",
                  "estimated_cost", "requested_funds", "approved_funds", "settled_funds", "counterpart_funds",
                  "advances_paid", "refund_amount", "progress_percent", "expected_jobs", "expected_trainees",
                  "expected_designs", "expected_machines", "jobs_created", "actual_trainees", "actual_designs",
                  "actual_machines", "submitted_on", "approved_on", "approval_decision", "accepted_on",
                  "settled_on", "settlement_decision", "priority", "priority_reason", "machinery_condition",
                  "overseas_fair", "no_other_support", "version"]

    def get_beneficiary_codes(self, obj) -> list[str]:
        establishments = list(obj.beneficiaries.all())
        if any(not hasattr(e, "in_scope") for e in establishments):
            mark_visible(self.context["request"].user, establishments)
        return sorted(e.code for e in establishments if e.in_scope)


class ProjectDetailSerializer(ProjectSerializer):
    actions = serializers.SerializerMethodField(help_text="Các thao tác đang chờ ở trạng thái này, với "
                                                          "(được phép, lý do) như trên trang")

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "actions"]

    @extend_schema(responses=ActionSerializer(many=True))
    def get_actions(self, obj) -> list[dict]:
        rows = project_actions(user=self.context["request"].user, project=obj)
        return [{"name": a["transition"].name, "label": str(a["transition"].label), "allowed": a["allowed"],
                 "reason": str(a["reason"] or ""), "missing": [str(m) for m in a["missing"]]} for a in rows]


class ProjectViewSet(WriteViewSet):
    """Đề án (projects) by code. `transitions/{name}/` fires a workflow step; `attachments/` adds documents,
    `attachments/{id}/` (DELETE) removes a wrong one."""

    serializer_class = ProjectSerializer
    filter_form = ProjectFilterForm
    input_form = ProjectForm
    field_map = FIELD_MAP
    queryset = Project.objects.none()

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action != "list" else ProjectSerializer

    def selector(self, filters):
        return project_list(user=self.request.user, filters=filters).prefetch_related("beneficiaries")

    def prepare(self, rows):
        # which beneficiaries the user may see: one query for the page, not one per project
        mark_visible(self.request.user, [e for project in rows for e in project.beneficiaries.all()])

    def get_record(self, key):
        return project_by_code(user=self.request.user, code=key)

    def form_kwargs(self, obj):
        return {"user": self.request.user, "instance": obj}

    def can_create(self):
        return permissions.can_create(self.request.user)

    def can_edit(self, obj):
        return permissions.can_edit(self.request.user, obj)

    def save(self, form, obj):
        beneficiaries = form.cleaned_data["beneficiary_codes"]
        if obj is None:
            return project_create(actor=self.request.user, data=form.service_data(), beneficiaries=beneficiaries)
        if form.cleaned_data.get("version") is not None:
            obj.version = form.cleaned_data["version"]
        return project_update(project=obj, actor=self.request.user, data=form.service_data(),
                              beneficiaries=beneficiaries)

    @extend_schema(
        request=formbridge.form_serializer("TransitionInput", _all_transition_fields()),
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=TRANSITION_NAMES,
                                     description="Tên thao tác của quy trình")],
        responses={200: ProjectDetailSerializer},
        description="Thực hiện một bước của quy trình. Các trường cần gửi là các trường mà biểu mẫu của bước đó "
                    "trên trang hỏi (xem `actions` và trang đề án); `comment` là ý kiến, `version` là phiên bản "
                    "đã xem.")
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)", filter_form=None)
    def transitions(self, request, code=None, name=None):
        project = self.get_object()
        transition = WORKFLOW.get(name)
        if transition is None:
            raise Http404(_("Thao tác không có trong quy trình."))
        require(permissions.can_transition(request.user, project, name))
        form = TransitionForm(transition=transition, project=project)
        formbridge.check_payload(request.data, form)
        data = {k: (bool(v) if isinstance(form.fields.get(k), formbridge.forms.BooleanField) else str(v))
                for k, v in request.data.items() if v is not None}
        form = TransitionForm(data, transition=transition, project=project)
        valid = form.is_valid()
        if form.cleaned_data.get("version") is not None:
            project.version = form.cleaned_data["version"]
        errors = formbridge.form_errors(form) if not valid else {}
        try:
            # as the page: a form that refused some fields still asks the service, so every error comes at once
            project_transition(project=project, transition=name, actor=request.user, data=form.service_data(),
                               comment=form.cleaned_data.get("comment", ""), check_only=not valid)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "forbidden" or not hasattr(exc, "error_dict"):
                if not errors:
                    raise
                errors.setdefault("__all__", []).extend(exc.messages)
            else:
                for field, messages in exc.error_dict.items():
                    if field not in errors:
                        errors[field] = [m for e in messages for m in e.messages]
        if errors:
            raise ValidationError(errors)
        project = project_by_code(user=request.user, code=project.code) or project
        return Response(ProjectDetailSerializer(project, context=self.get_serializer_context()).data)

    @extend_schema(methods=["GET"], responses=AttachmentSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request={"multipart/form-data": formbridge.form_serializer(
        "AttachmentInput", AttachmentForm)}, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser], pagination_class=None,
            filter_form=None, max_body=settings.FILE_UPLOAD_MAX_MEMORY_SIZE * 5)
    def attachments(self, request, code=None):
        """A project's documents; POST (multipart: kind, file) adds one, as the project page does."""
        project = self.get_object()
        if request.method == "GET":
            return Response(AttachmentSerializer(project.attachments.filter(removed_at__isnull=True),
                                                 many=True).data)
        require(permissions.can_attach(request.user, project))
        form = AttachmentForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError(formbridge.form_errors(form))
        saved = attachment_add(project=project, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                               actor=request.user)
        return Response(AttachmentSerializer(saved).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None},
                   parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH,
                                                description="Số hiệu tài liệu đính kèm")],
                   description="Gỡ một tài liệu tải lên nhầm, như nút “Gỡ” trên trang đề án: chỉ người tải lên "
                               "hoặc Cán bộ Trung tâm, khi đề án còn ở Dự thảo hoặc Trả lại để sửa. Tài liệu "
                               "không còn trong danh sách nhưng tệp vẫn được giữ trong lịch sử thay đổi.")
    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)", filter_form=None)
    def attachment(self, request, code=None, attachment_id=None):
        project = self.get_object()
        attachment = project.attachments.filter(pk=int(attachment_id)).first()
        if attachment is None:
            raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
        require(permissions.can_remove_attachment(request.user, attachment))
        attachment_remove(attachment=attachment, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FundingRuleSerializer(DescribedModelSerializer):
    activity_label = label_of("activity", "Tên nội dung hoạt động")

    class Meta:
        model = FundingRule
        fields = ["id", "activity", "activity_label", "item", "max_share_percent", "max_amount", "amount_basis",
                  "priority_multiplier", "max_times_per_year", "max_advance_percent", "legal_basis", "valid_from",
                  "valid_to", "historical", "note"]


class FundingRuleViewSet(ReadViewSet):
    """Mức hỗ trợ (funding rules): the caps of each support item with their legal basis; read only."""

    serializer_class = FundingRuleSerializer
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    queryset = FundingRule.objects.none()

    def selector(self, filters):
        return FundingRule.objects.order_by("historical", "activity", "item", "pk")

    def get_record(self, key):
        return FundingRule.objects.filter(pk=key).first()
