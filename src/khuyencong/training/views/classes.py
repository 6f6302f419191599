"""Pages for training classes: list, class page with its roster and follow-ups, follow-ups due. Thin views."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from khuyencong.accounts.scoping import visible
from khuyencong.core.audit import audit_history, history_rows
from khuyencong.core.forms import add_service_errors, require
from khuyencong.core.models import AuditEntry
from khuyencong.core.pagination import bounded_count, offset_page
from khuyencong.training import exports, selectors
from khuyencong.training.forms import (
    FIELD_MAP,
    ClassFilterForm,
    ClassForm,
    FollowUpForm,
    PasteForm,
    TraineeForm,
    craft_names,
)
from khuyencong.training.models import ClassStatus, Trainee, TrainingClass
from khuyencong.training.permissions import PERSONAL_DATA_ROLES, can_edit_training, can_view_personal_data
from khuyencong.training.privacy import log_personal_access, personal_rows, personal_view
from khuyencong.training.services import classes as services
from khuyencong.training.services import trainees as roster_services

PAGE_SIZE = 50
# History keys that are not fields: what a service recorded beside the fields (a follow-up, a yearly check).
HISTORY_LABELS = {"follow_up": gettext_lazy("theo dõi việc làm"), "trainee": gettext_lazy("học viên"),
                  "check": gettext_lazy("kiểm tra duy trì nghề"), "crafts": gettext_lazy("nghề")}


@login_required
def class_list(request):
    form = ClassFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.class_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return exports.export_classes(qs)
    page = offset_page(qs, request, PAGE_SIZE)
    rates = selectors.class_rates(c.pk for c in page["rows"])
    rows = [(c, rates[c.pk]) for c in page["rows"]]
    return render(request, "training/class_list.html", {
        "form": form, "page": page, "rows": rows, "total": bounded_count(qs),
        "can_edit": can_edit_training(request.user)[0],
    })


@login_required
def class_create(request):
    require(can_edit_training(request.user))
    form = ClassForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.class_create(actor=request.user, **_class_fields(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=FIELD_MAP)
        else:
            messages.success(request, _("Đã tạo lớp %(code)s.") % {"code": obj.code})
            return redirect("training:class_detail", pk=obj.pk)
    return render(request, "training/class_form.html", {"form": form, "crafts": craft_names(), "obj": None})


def _class_fields(data: dict) -> dict:
    return {
        "code": data["code"], "name": data["name"], "kind": data["kind"],
        "craft": data["craft"], "commune": data["commune"], "village": data["village"],
        "start_date": data["start_date"], "end_date": data["end_date"], "teachers": data["teachers"],
        "planned_trainees": data["planned_trainees"], "project": data["project"], "cost": data["cost"],
        "confirm_large": data["confirm_large"],
    }


@login_required
def class_edit(request, pk):
    obj = selectors.class_get(user=request.user, pk=pk)
    require(can_edit_training(request.user, obj))
    initial = {
        "code": obj.code, "name": obj.name, "kind": obj.kind, "craft": obj.craft.name,
        "commune": obj.commune,
        "village_code": obj.village.code if obj.village_id else "", "start_date": obj.start_date,
        "end_date": obj.end_date, "teachers": obj.teachers, "planned_trainees": obj.planned_trainees,
        "project_code": obj.project.code if obj.project_id else "", "cost": obj.cost,
    }
    form = ClassForm(request.POST or None, initial=initial, user=request.user, instance=obj)
    if request.method == "POST" and form.is_valid():
        fields = _class_fields(form.cleaned_data)
        confirm = fields.pop("confirm_large")
        try:
            obj = services.class_update(actor=request.user, training_class=obj, confirm_large=confirm, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=FIELD_MAP)
        else:
            messages.success(request, _("Đã lưu lớp %(code)s.") % {"code": obj.code})
            return redirect("training:class_detail", pk=obj.pk)
    return render(request, "training/class_form.html", {"form": form, "crafts": craft_names(), "obj": obj})


def _class_history(obj: TrainingClass, trainee_ids: list[int]):
    """The class's own entries and its trainees' (roster changes, completion, follow-ups), newest first."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q


    trainee_type = ContentType.objects.get_for_model(Trainee)
    own = audit_history(obj)
    return AuditEntry.objects.filter(
        Q(pk__in=own.values("pk")) | Q(content_type=trainee_type, object_id__in=[str(i) for i in trainee_ids])
    ).select_related("actor")[:100]


def render_class_page(request, obj: TrainingClass, *, status=200, **forms):
    rows, full = personal_rows(user=request.user, training_class=obj, trainees=selectors.class_roster(obj),
                               path=request.get_full_path())
    roster = [t for t, _view in rows]
    editable = can_edit_training(request.user, obj)[0]
    context = {
        "obj": obj, "rows": rows, "rates": selectors.class_rates([obj.pk])[obj.pk], "full_personal": full,
        "can_edit": editable, "follow_ups": selectors.class_follow_ups(obj, user=request.user),
        "history": history_rows(_class_history(obj, [t.pk for t in roster]), model=TrainingClass,
                                labels=HISTORY_LABELS),
        "trainee_form": forms.get("trainee_form") or TraineeForm(),
        "paste_form": forms.get("paste_form") or PasteForm(),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(training_class=obj, user=request.user),
        "complete_errors": forms.get("complete_errors"),
        "open_section": forms.get("open_section", ""),
        "can_close": editable and obj.status != ClassStatus.COMPLETED,
    }
    return render(request, "training/class_detail.html", context, status=status)


@login_required
def class_detail(request, pk):
    obj = selectors.class_get(user=request.user, pk=pk)
    if request.GET.get("format") == "xlsx":
        personal = request.GET.get("personal") == "1" and can_view_personal_data(request.user, obj)[0]
        return exports.export_roster(training_class=obj, trainees=selectors.class_roster(obj), personal=personal,
                                     actor=request.user, path=request.get_full_path())
    return render_class_page(request, obj)


def _editable_class(request, pk) -> TrainingClass:
    obj = selectors.class_get(user=request.user, pk=pk)
    require(can_edit_training(request.user, obj))
    return obj


def _warn(request, warnings):
    for warning in warnings:
        messages.warning(request, warning)


@login_required
@require_POST
def trainee_add(request, pk):
    obj = _editable_class(request, pk)
    form = TraineeForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = roster_services.trainee_add(
                actor=request.user, training_class=obj, full_name=data["full_name"], birth_year=data["birth_year"],
                gender=data["gender"], id_number=data["id_number"], home_commune=data["home_commune"],
                completed=data["completed"], certificate_number=data["certificate_number"],
                confirm_large=data["confirm_large"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm học viên %(name)s.") % {"name": data["full_name"]})
            _warn(request, result.warnings)
            return redirect("training:class_detail", pk=obj.pk)
    return render_class_page(request, obj, status=400, trainee_form=form, open_section="add")


@login_required
@require_POST
def roster_paste(request, pk):
    obj = _editable_class(request, pk)
    form = PasteForm(request.POST)
    if form.is_valid():
        try:
            result = roster_services.roster_paste(actor=request.user, training_class=obj,
                                                  text=form.cleaned_data["text"],
                                                  confirm_large=form.cleaned_data["confirm_large"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(n)d học viên.") % {"n": len(result.trainees)})
            _warn(request, result.warnings)
            return redirect("training:class_detail", pk=obj.pk)
    return render_class_page(request, obj, status=400, paste_form=form, open_section="paste")


@login_required
def import_file(request):
    """The old training import address (/dao-tao/nhap/?kind=…): the import framework's page for that kind."""
    kind = request.GET.get("kind")
    kind = kind if kind in ("training_classes", "trainees", "transplants") else "trainees"
    return redirect("imports:upload", kind=kind)


@login_required
def roster_import(request, pk):
    """The class page's “import many” is the import framework's `trainees` page; its rows name the class code."""
    obj = _editable_class(request, pk)
    return redirect(f"{reverse('imports:upload', args=['trainees'])}?class_code={quote(obj.code)}")


@login_required
@require_POST
def roster_completion(request, pk):
    obj = _editable_class(request, pk)
    ids = {int(v) for v in request.POST.getlist("completed") if v.isdigit()}
    completed = {i: request.POST.get(f"certificate_{i}", "") for i in ids}
    try:
        count = roster_services.roster_mark_completion(actor=request.user, training_class=obj, completed=completed)
    except ValidationError as exc:
        return render_class_page(request, obj, status=400, complete_errors=exc.messages)
    messages.success(request, _("Đã lưu: %(n)d học viên hoàn thành khoá học.") % {"n": count})
    return redirect("training:class_detail", pk=obj.pk)


@login_required
@require_POST
def class_close(request, pk):
    obj = _editable_class(request, pk)
    try:
        services.class_complete(actor=request.user, training_class=obj)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xác nhận lớp %(code)s kết thúc.") % {"code": obj.code})
    return redirect("training:class_detail", pk=obj.pk)


@login_required
def trainee_edit(request, pk, trainee_pk):
    obj = _editable_class(request, pk)
    trainee = selectors.trainee_get(user=request.user, training_class=obj, pk=trainee_pk)
    full = can_view_personal_data(request.user, obj)[0]
    view = personal_view(trainee, full=full)
    initial = {
        "full_name": trainee.full_name, "gender": trainee.gender, "completed": trainee.completed,
        "certificate_number": trainee.certificate_number,
        "home_commune": trainee.home_commune,
        "birth_year": trainee.birth_year if full else None, "id_number": trainee.id_number if full else "",
    }
    form = TraineeForm(request.POST or None, initial=initial, user=request.user)
    if not full:  # personal data is neither shown nor changed by someone without the right
        del form.fields["birth_year"], form.fields["id_number"]
    del form.fields["confirm_large"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            warnings = roster_services.trainee_update(
                actor=request.user, trainee=trainee, full_name=data["full_name"],
                birth_year=data["birth_year"] if full else trainee.birth_year, gender=data["gender"],
                id_number=data["id_number"] if full else trainee.id_number, home_commune=data["home_commune"],
                completed=data["completed"], certificate_number=data["certificate_number"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu học viên %(name)s.") % {"name": data["full_name"]})
            _warn(request, warnings)
            return redirect("training:class_detail", pk=obj.pk)
    elif full and request.method == "GET":
        log_personal_access(actor=request.user, trainees=[trainee], training_class=obj, path=request.get_full_path())
    return render(request, "training/trainee_form.html", {"obj": obj, "trainee": trainee, "form": form,
                                                          "personal": view})


@login_required
@require_POST
def trainee_remove(request, pk, trainee_pk):
    obj = _editable_class(request, pk)
    trainee = selectors.trainee_get(user=request.user, training_class=obj, pk=trainee_pk)
    try:
        roster_services.trainee_remove(actor=request.user, trainee=trainee)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("training:trainee_edit", pk=obj.pk, trainee_pk=trainee.pk)
    messages.success(request, _("Đã xoá học viên %(name)s khỏi danh sách.") % {"name": trainee.full_name})
    return redirect("training:class_detail", pk=obj.pk)


@login_required
@require_POST
def follow_up_add(request, pk):
    obj = _editable_class(request, pk)
    form = FollowUpForm(request.POST, training_class=obj, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            roster_services.follow_up_add(
                actor=request.user, trainee=data["trainee"], date=data["date"], employed=data["employed"],
                employer=data["employer"], employer_name=data["employer_name"],
                monthly_income=data["monthly_income"], note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi theo dõi việc làm của %(name)s.") % {"name": data["trainee"]})
            return redirect(reverse("training:class_detail", args=[obj.pk]) + "#theo-doi")
    return render_class_page(request, obj, status=400, follow_up_form=form, open_section="follow_up")


@login_required
def follow_ups_due(request):
    form = ClassFilterForm(request.GET or None)
    unit = form.cleaned_data.get("unit") if form.is_bound and form.is_valid() else None
    qs = selectors.follow_ups_due(user=request.user, unit=unit)
    may_see = can_view_personal_data(request.user)[0]
    if request.GET.get("format") == "xlsx":
        allowed = None
        if may_see and request.GET.get("personal") == "1":
            classes = TrainingClass.objects.filter(pk__in=qs.values("training_class"))
            allowed = set(visible(classes, request.user, roles=PERSONAL_DATA_ROLES).values_list("pk", flat=True))
        return exports.export_follow_ups_due(trainees=qs, personal_class_ids=allowed, actor=request.user,
                                             path=request.get_full_path())
    page = offset_page(qs, request, PAGE_SIZE)
    return render(request, "training/follow_ups_due.html", {"form": form, "page": page, "may_see_personal": may_see,
                                                            "total": bounded_count(qs)})
