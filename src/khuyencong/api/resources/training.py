"""Training classes by code, their trainees (personal data masked exactly as on the class page, through
training.privacy.personal_rows, full views logged with the purpose "API") and follow-ups; craft transplants and
their yearly checks. Read through training.selectors, written through the pages' forms and services, allowed by
training.permissions."""


from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from khuyencong.accounts.scoping import mark_visible
from khuyencong.api import formbridge
from khuyencong.api.formbridge import form_serializer
from khuyencong.api.serializers import Described, DescribedModelSerializer, Strict, code_of, label_of, strict_data
from khuyencong.api.views import CreateViewSet, WriteViewSet, write_with_form
from khuyencong.core.forms import require
from khuyencong.projects.selectors import project_by_code
from khuyencong.training import selectors
from khuyencong.training.forms import (
    FIELD_MAP,
    CheckForm,
    ClassFilterForm,
    ClassForm,
    FollowUpForm,
    PasteForm,
    TraineeForm,
    TransplantFilterForm,
    TransplantForm,
)
from khuyencong.training.models import AccessPurpose, CraftTransplant, FollowUp, Trainee, TrainingClass, TransplantCheck
from khuyencong.training.permissions import can_edit_training, can_edit_transplant, can_view_personal_data
from khuyencong.training.privacy import personal_rows
from khuyencong.training.services import classes as class_services
from khuyencong.training.services import trainees as trainee_services
from khuyencong.training.services.transplants import transplant_check_add, transplant_create

SERVICE_FIELDS = ["code", "name", "kind", "craft", "commune", "village", "start_date", "end_date", "teachers",
                  "planned_trainees", "project", "cost"]


class ClassSerializer(DescribedModelSerializer):
    kind_label = label_of("kind", "Tên loại lớp")
    status_label = label_of("status", "Tên tình trạng lớp")
    craft = serializers.CharField(source="craft.name", read_only=True, help_text="Nghề")
    commune = code_of("commune.code", "Mã xã/phường nơi mở lớp")
    commune_hierarchy = code_of("commune.hierarchy", "Hệ thống đơn vị của xã/phường: current hoặc legacy")
    village_code = code_of("village.code", "Mã làng")
    project_code = serializers.SerializerMethodField(help_text="Mã đề án (trống khi đề án ngoài địa bàn)")

    class Meta:
        model = TrainingClass
        fields = ["code", "name", "kind", "kind_label", "craft", "commune", "commune_hierarchy", "village_code",
                  "start_date", "end_date", "teachers", "planned_trainees", "project_code", "cost", "status",
                  "status_label", "completed_on", "follow_up_due_on"]

    def get_project_code(self, obj) -> str | None:
        if obj.project_id is None:
            return None
        user = self.context["request"].user
        return obj.project.code if project_by_code(user=user, code=obj.project.code) else None


class TraineeSerializer(Described):
    id = serializers.IntegerField(help_text="Số hiệu học viên")
    full_name = serializers.CharField(help_text="Họ và tên")
    birth_year = serializers.CharField(help_text="Năm sinh (che “19**” với người không được xem dữ liệu cá nhân)")
    gender = serializers.CharField(help_text="Giới tính: male, female hoặc trống")
    id_number = serializers.CharField(help_text="Số CMND/CCCD (che “0012******89” với người không được xem)")
    personal_data_full = serializers.BooleanField(help_text="true: năm sinh và số CCCD hiện đầy đủ")
    home_commune = serializers.CharField(allow_null=True, help_text="Mã xã/phường cư trú")
    completed = serializers.BooleanField(help_text="Hoàn thành khoá học")
    certificate_number = serializers.CharField(help_text="Số chứng chỉ")


def trainee_rows(rows) -> list[dict]:
    return [{"id": t.pk, "full_name": t.full_name, "birth_year": view.birth_year, "gender": t.gender,
             "id_number": view.id_number, "personal_data_full": view.full,
             "home_commune": t.home_commune.code if t.home_commune_id else None, "completed": t.completed,
             "certificate_number": t.certificate_number} for t, view in rows]


class FollowUpSerializer(DescribedModelSerializer):
    trainee = serializers.IntegerField(source="trainee_id", read_only=True, help_text="Số hiệu học viên")
    employer_code = serializers.SerializerMethodField(help_text="Mã cơ sở sử dụng lao động (trống khi ngoài địa "
                                                                "bàn: chỉ nêu tên)")
    employer = serializers.SerializerMethodField(help_text="Nơi làm việc")

    class Meta:
        model = FollowUp
        fields = ["id", "trainee", "date", "employed", "employer_code", "employer", "monthly_income", "note"]

    def get_employer_code(self, obj) -> str | None:
        return obj.employer.code if obj.employer_id and getattr(obj.employer, "in_scope", False) else None

    def get_employer(self, obj) -> str:
        return obj.employer.name if obj.employer_id else obj.employer_name


TRAINEE_ID = OpenApiParameter("trainee_id", int, OpenApiParameter.PATH, description="Số hiệu học viên")


class PasteResultSerializer(Described):
    trainees = TraineeSerializer(many=True, help_text="Các học viên vừa thêm (dữ liệu cá nhân che như trang lớp)")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="Các cảnh báo (đã ghi nhận, nên "
                                                                            "kiểm tra lại, ví dụ tuổi ngoài khoảng)")


class CompletionItemSerializer(Strict):
    id = serializers.IntegerField(help_text="Số hiệu học viên hoàn thành khoá học")
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=64,
                                               help_text="Số chứng chỉ (để trống nếu chưa có)")


class CompletionInputSerializer(Strict):
    completed = serializers.ListField(child=CompletionItemSerializer(), allow_empty=True,
                                      help_text="Những học viên hoàn thành khoá học; học viên không có trong danh "
                                                "sách được ghi là chưa hoàn thành (như bảng trên trang lớp)")


class CompletionResultSerializer(Described):
    completed = serializers.IntegerField(help_text="Số học viên hoàn thành khoá học")
    trainees = TraineeSerializer(many=True, help_text="Danh sách học viên sau khi ghi (che như trang lớp)")


class ClassViewSet(WriteViewSet):
    """Lớp đào tạo (training classes) by code; `trainees` and `follow-ups` are their roster and follow-ups,
    `completion` who completed the course, `close` the class's end."""

    serializer_class = ClassSerializer
    filter_form = ClassFilterForm
    input_form = ClassForm
    field_map = FIELD_MAP
    queryset = TrainingClass.objects.none()

    def selector(self, filters):
        return selectors.class_list(user=self.request.user, filters=filters)

    def get_record(self, key):
        return selectors.class_list(user=self.request.user).filter(code=key).first()

    def form_kwargs(self, obj):
        return {"user": self.request.user, "instance": obj}

    def form_initial(self, obj):
        if obj is None:
            return {}
        return {"code": obj.code, "name": obj.name, "kind": obj.kind, "craft": obj.craft.name, "commune": obj.commune,
                "village_code": obj.village.code if obj.village_id else "", "start_date": obj.start_date,
                "end_date": obj.end_date, "teachers": obj.teachers, "planned_trainees": obj.planned_trainees,
                "project_code": obj.project.code if obj.project_id else "", "cost": obj.cost}

    def can_create(self):
        return can_edit_training(self.request.user)

    def can_edit(self, obj):
        return can_edit_training(self.request.user, obj)

    def save(self, form, obj):
        data = form.cleaned_data
        fields = {name: data[name] for name in SERVICE_FIELDS}
        if obj is None:
            return class_services.class_create(actor=self.request.user, confirm_large=data["confirm_large"],
                                               **fields)
        return class_services.class_update(actor=self.request.user, training_class=obj,
                                           confirm_large=data["confirm_large"], **fields)

    @extend_schema(methods=["GET"], responses=TraineeSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=form_serializer("TraineeInput", TraineeForm),
                   responses={201: TraineeSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_form=None)
    def trainees(self, request, code=None):
        """The roster, personal data masked as on the class page; POST adds one trainee (`trainees/paste/`
        adds many from pasted lines)."""
        obj = self.get_object()
        if request.method == "POST":
            require(can_edit_training(request.user, obj))
            result = write_with_form(request, TraineeForm, lambda form: trainee_services.trainee_add(
                actor=request.user, training_class=obj, **form.cleaned_data), form_kwargs={"user": request.user})
            added = selectors.class_roster(obj).filter(pk__in=[t.pk for t in result.trainees])
            rows, _full = personal_rows(user=request.user, training_class=obj, trainees=added,
                                        purpose=AccessPurpose.API, path=request.get_full_path())
            return Response(trainee_rows(rows)[0], status=status.HTTP_201_CREATED)
        rows, _full = personal_rows(user=request.user, training_class=obj, trainees=selectors.class_roster(obj),
                                    purpose=AccessPurpose.API, path=request.get_full_path())
        return Response(trainee_rows(rows))

    @extend_schema(methods=["PATCH"], request=form_serializer("TraineeChange", TraineeForm),
                   responses=TraineeSerializer, parameters=[TRAINEE_ID],
                   description="Sửa một học viên như trang sửa học viên: ai không được xem dữ liệu cá nhân thì "
                               "cũng không gửi được năm sinh và số CCCD (các trường đó bị từ chối).")
    @extend_schema(methods=["DELETE"], request=None, responses={204: None}, parameters=[TRAINEE_ID],
                   description="Xoá một học viên ghi nhầm khỏi danh sách lớp, như nút “Xoá khỏi danh sách” trên "
                               "trang sửa học viên: từ chối khi học viên đã có theo dõi việc làm.")
    @action(detail=True, methods=["patch", "delete"], url_path=r"trainees/(?P<trainee_id>\d+)", filter_form=None)
    def trainee(self, request, code=None, trainee_id=None):
        obj = self.get_object()
        require(can_edit_training(request.user, obj))
        trainee = selectors.trainee_get(user=request.user, training_class=obj, pk=int(trainee_id))
        if request.method == "DELETE":
            trainee_services.trainee_remove(actor=request.user, trainee=trainee)
            return Response(status=status.HTTP_204_NO_CONTENT)
        full = can_view_personal_data(request.user, obj)[0]
        initial = {"full_name": trainee.full_name, "gender": trainee.gender, "completed": trainee.completed,
                   "certificate_number": trainee.certificate_number, "home_commune": trainee.home_commune,
                   "birth_year": trainee.birth_year if full else None,
                   "id_number": trainee.id_number if full else ""}

        def form_class(*args, **kwargs):
            form = TraineeForm(*args, **kwargs)
            if not full:  # personal data is neither shown nor changed by someone without the right
                del form.fields["birth_year"], form.fields["id_number"]
            del form.fields["confirm_large"]
            return form

        form = formbridge.bind(form_class, request.data, initial_form=form_class(initial=initial, user=request.user),
                               user=request.user)
        d = form.cleaned_data
        trainee_services.trainee_update(
            actor=request.user, trainee=trainee, full_name=d["full_name"],
            birth_year=d["birth_year"] if full else trainee.birth_year, gender=d["gender"],
            id_number=d["id_number"] if full else trainee.id_number, home_commune=d["home_commune"],
            completed=d["completed"], certificate_number=d["certificate_number"])
        rows, _full = personal_rows(user=request.user, training_class=obj,
                                    trainees=[Trainee.objects.get(pk=trainee.pk)], purpose=AccessPurpose.API,
                                    path=request.get_full_path())
        return Response(trainee_rows(rows)[0])

    @extend_schema(request=form_serializer("RosterPasteInput", PasteForm), responses={201: PasteResultSerializer},
                   description="Thêm nhiều học viên từ văn bản dán vào, như ô “Dán danh sách” trên trang lớp: mỗi "
                               "dòng “Họ tên; năm sinh; giới tính; CCCD”. Một dòng sai thì không thêm dòng nào, "
                               "mọi dòng sai được nêu cùng lúc.")
    @action(detail=True, methods=["post"], url_path="trainees/paste", url_name="trainees-paste", filter_form=None)
    def roster_paste(self, request, code=None):
        obj = self.get_object()
        require(can_edit_training(request.user, obj))
        result = write_with_form(request, PasteForm, lambda form: trainee_services.roster_paste(
            actor=request.user, training_class=obj, **form.cleaned_data))
        added = selectors.class_roster(obj).filter(pk__in=[t.pk for t in result.trainees])
        rows, _full = personal_rows(user=request.user, training_class=obj, trainees=added,
                                    purpose=AccessPurpose.API, path=request.get_full_path())
        return Response({"trainees": trainee_rows(rows), "warnings": [str(w) for w in result.warnings]},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=CompletionInputSerializer, responses=CompletionResultSerializer,
                   description="Ghi những học viên hoàn thành khoá học và số chứng chỉ, như bảng học viên trên "
                               "trang lớp: học viên không có trong `completed` được ghi là chưa hoàn thành.")
    @action(detail=True, methods=["post"], filter_form=None)
    def completion(self, request, code=None):
        obj = self.get_object()
        require(can_edit_training(request.user, obj))
        data = strict_data(CompletionInputSerializer, request.data)
        completed = {row["id"]: row["certificate_number"] for row in data["completed"]}
        count = trainee_services.roster_mark_completion(actor=request.user, training_class=obj, completed=completed)
        rows, _full = personal_rows(user=request.user, training_class=obj, trainees=selectors.class_roster(obj),
                                    purpose=AccessPurpose.API, path=request.get_full_path())
        return Response({"completed": count, "trainees": trainee_rows(rows)})

    @extend_schema(request=None, responses=ClassSerializer)
    @action(detail=True, methods=["post"], filter_form=None)
    def close(self, request, code=None):
        """Confirm the class has ended (as the class page's button): refused before its end date or without
        trainees."""
        obj = self.get_object()
        require(can_edit_training(request.user, obj))
        saved = class_services.class_complete(actor=request.user, training_class=obj)
        return Response(ClassSerializer(saved, context=self.get_serializer_context()).data)

    @extend_schema(methods=["GET"], responses=FollowUpSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=form_serializer("FollowUpInput", FollowUpForm),
                   responses={201: FollowUpSerializer})
    @action(detail=True, methods=["get", "post"], url_path="follow-ups", pagination_class=None, filter_form=None)
    def follow_ups(self, request, code=None):
        """The class's follow-ups (employment after the course); POST records one for a trainee (its id)."""
        obj = self.get_object()
        if request.method == "POST":
            require(can_edit_training(request.user, obj))
            kwargs = {"training_class": obj, "user": request.user}
            saved = write_with_form(request, FollowUpForm, lambda form: trainee_services.follow_up_add(
                actor=request.user, **{k: v for k, v in form.cleaned_data.items() if k != "employer_code"}),
                form_kwargs=kwargs)
            mark_visible(request.user, [saved.employer])
            return Response(FollowUpSerializer(saved).data, status=status.HTTP_201_CREATED)
        return Response(FollowUpSerializer(selectors.class_follow_ups(obj, user=request.user), many=True).data)


class CheckSerializer(DescribedModelSerializer):
    class Meta:
        model = TransplantCheck
        fields = ["year", "still_practising", "craft_households", "note"]


class TransplantSerializer(DescribedModelSerializer):
    village_code = code_of("village.code", "Mã làng được cấy nghề")
    craft = serializers.CharField(source="craft.name", read_only=True, help_text="Nghề được cấy")
    project_code = serializers.SerializerMethodField(help_text="Mã đề án (trống khi đề án ngoài địa bàn)")

    class Meta:
        model = CraftTransplant
        fields = ["id", "village_code", "craft", "year", "project_code", "households_trained", "note"]

    def get_project_code(self, obj) -> str | None:
        if obj.project_id is None:
            return None
        user = self.context["request"].user
        return obj.project.code if project_by_code(user=user, code=obj.project.code) else None


class TransplantViewSet(CreateViewSet):
    """Cấy nghề (craft transplants) by id; `checks` holds their yearly checks (still practising?)."""

    serializer_class = TransplantSerializer
    filter_form = TransplantFilterForm
    input_form = TransplantForm
    field_map = FIELD_MAP
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    queryset = CraftTransplant.objects.none()

    def selector(self, filters):
        return selectors.transplant_list(user=self.request.user, filters=filters)

    def get_record(self, key):
        try:
            return selectors.transplant_get(user=self.request.user, pk=int(key))
        except (Http404, ValueError):
            return None

    def can_create(self):
        return can_edit_transplant(self.request.user)

    def can_edit(self, obj):
        return can_edit_transplant(self.request.user, obj)

    def save(self, form, obj):
        d = form.cleaned_data
        return transplant_create(actor=self.request.user, village=d["village"], craft=d["craft"], year=d["year"],
                                 project=d["project"], households_trained=d["households_trained"], note=d["note"])

    @extend_schema(methods=["GET"], responses=CheckSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=form_serializer("CheckInput", CheckForm),
                   responses={201: CheckSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_form=None)
    def checks(self, request, id=None):
        """A transplant's yearly checks; POST records one."""
        obj = self.get_object()
        if request.method == "POST":
            require(can_edit_transplant(request.user, obj))
            saved = write_with_form(request, CheckForm, lambda form: transplant_check_add(
                actor=request.user, transplant=obj, **form.cleaned_data))
            return Response(CheckSerializer(saved).data, status=status.HTTP_201_CREATED)
        return Response(CheckSerializer(obj.checks.order_by("year"), many=True).data)

