"""Forms: list filters, the project (draft) form, one form per transition built from its row of the workflow table."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.scoping import scope_units
from khuyencong.core.codes import unknown_code
from khuyencong.core.forms import VNDateField
from khuyencong.geo.forms import UnitField
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.projects.models import Activity, AttachmentKind, FundingRule, FundingSource, Project, ProjectState
from khuyencong.projects.permissions import PROPOSERS
from khuyencong.projects.selectors import ProjectFilters, missing_kinds
from khuyencong.projects.services.projects import upload_field
from khuyencong.projects.workflow import Transition
from khuyencong.registry.selectors import establishments_by_codes

ALL = [("", gettext_lazy("Tất cả"))]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Mã, tên đề án"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("Trạng thái"), choices=ALL + ProjectState.choices, required=False)
    activity = forms.ChoiceField(label=gettext_lazy("Nội dung"), choices=ALL + Activity.choices, required=False)
    funding_source = forms.ChoiceField(label=gettext_lazy("Nguồn kinh phí"), choices=ALL + FundingSource.choices,
                                       required=False)
    plan_year = forms.IntegerField(label=gettext_lazy("Năm kế hoạch"), required=False, min_value=2000, max_value=2100)
    unit_code = forms.CharField(label=gettext_lazy("Mã đơn vị"), required=False, max_length=5)
    hierarchy = forms.ChoiceField(label=gettext_lazy("Hệ thống đơn vị"), choices=Hierarchy.choices, required=False)
    beneficiary = forms.CharField(label=gettext_lazy("Đơn vị thụ hưởng (mã hoặc tên)"), required=False)

    def clean(self):
        data = super().clean()
        data["unit"] = None
        code = (data.get("unit_code") or "").strip()
        if code:
            try:
                data["unit"] = unit_get(code=code, hierarchy=data.get("hierarchy") or Hierarchy.CURRENT)
            except UnitNotFound as exc:
                self.add_error("unit_code", str(exc))
        return data

    def filters(self) -> ProjectFilters:
        if not self.is_valid():
            return ProjectFilters()
        d = self.cleaned_data
        return ProjectFilters(state=d["state"], activity=d["activity"], funding_source=d["funding_source"],
                              plan_year=d["plan_year"], unit=d["unit"], beneficiary=d["beneficiary"], q=d["q"])


class ProjectForm(forms.ModelForm):
    # Typed as a code or a name ("phu nghia"), with suggestions; its text box is named commune_code.
    commune = UnitField(
        label=gettext_lazy("Xã/phường (hiện hành)"), hierarchy=Hierarchy.CURRENT, required=False,
        help_text=gettext_lazy("Mã hoặc tên, ví dụ “phu nghia”; để trống nếu là đề án toàn thành phố."),
    )
    beneficiary_codes = forms.CharField(
        label=gettext_lazy("Mã cơ sở thụ hưởng"), required=False,
        help_text=gettext_lazy("Nhiều mã cách nhau bởi dấu ;"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "code", "title", "activity", "funding_source", "plan_year", "implementing_unit", "funding_rule",
            "estimated_cost", "requested_funds", "counterpart_funds",
            "expected_jobs", "expected_trainees", "expected_designs", "expected_machines",
            "priority", "priority_reason", "machinery_condition", "overseas_fair", "no_other_support",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["funding_rule"].queryset = FundingRule.objects.order_by("historical", "activity", "item")
        self.fields["funding_rule"].required = False
        self.fields["funding_rule"].empty_label = _("— theo nội dung hoạt động (nếu chỉ có một hạng mục) —")
        self.fields["activity"].choices = [("", _("— chọn —")), *Activity.choices]
        self.fields["funding_source"].choices = [("", _("— chọn —")), *FundingSource.choices]
        self.fields["commune"].areas = scope_units(user, roles=PROPOSERS) if user is not None else None
        self.order_fields(["code", "title", "activity", "funding_source", "plan_year", "commune",
                           "implementing_unit", "beneficiary_codes"])
        if self.instance.pk:
            if self.instance.commune_id and not self.is_bound:
                self.initial["commune"] = self.instance.commune
            self.initial["beneficiary_codes"] = "; ".join(self.instance.beneficiaries.values_list("code", flat=True))
            self.initial["version"] = self.instance.version

    def clean_beneficiary_codes(self):
        codes = [c.strip() for c in (self.cleaned_data.get("beneficiary_codes") or "").split(";") if c.strip()]
        found, missing = establishments_by_codes(user=self.user, codes=codes)
        if missing and self.instance.pk:
            # a beneficiary already linked stays, even one outside the user's scope; a new one must be in it
            kept = {e.code: e for e in self.instance.beneficiaries.filter(code__in=missing)}
            found += [kept[c] for c in missing if c in kept]
            missing = [c for c in missing if c not in kept]
        if missing:
            raise forms.ValidationError(unknown_code(_("cơ sở"), missing))
        return found

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["commune"] = self.cleaned_data.get("commune")
        return data


class TransitionForm(forms.Form):
    """Built from a transition row: its fields (those it asks for this project), its extras, a file input for
    each document it still needs when it takes them on its form, a comment, the version seen."""

    comment = forms.CharField(label=gettext_lazy("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The server reports every missing field with the other errors at once; the browser would stop at the first.
    use_required_attribute = False

    def __init__(self, *args, transition: Transition, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["comment"].required = transition.comment_required
        names = [n for n in (*transition.fields, *transition.optional_fields, *transition.extras)
                 if transition.asks(n, project)]
        for name in names:
            self.fields[name] = self._field(name)
            self.fields[name].required = name in transition.fields
        self.upload_kinds = missing_kinds(project, transition) if project and transition.upload_on_form else []
        for kind in self.upload_kinds:
            name = upload_field(kind)
            # A bound form is shown again only when the transition was refused, which stores none of its files,
            # and a browser does not keep a chosen file: say so next to the input.
            chosen = self.is_bound and self.files.get(self.add_prefix(name))
            self.fields[name] = forms.FileField(label=AttachmentKind(kind).label, required=False, help_text=_(
                "Tệp đã chọn chưa được lưu vì biểu mẫu còn lỗi: sửa lỗi rồi chọn lại tệp.") if chosen else _(
                "Chưa có trong hồ sơ đề án: chọn tệp để đính kèm cùng lúc (PDF, DOCX, XLSX, JPEG, PNG; tối đa 20 MB)."))
        self.order_fields([*names, *(upload_field(k) for k in self.upload_kinds), "comment"])
        if project is not None:
            self._prefill(project, names)

    def _field(self, name: str) -> forms.Field:
        extra = self.transition.extras.get(name)
        if extra is not None:
            # a new field for each form: a field shared at class level would carry one form's changes to the next
            return forms.CharField(label=extra.label, max_length=extra.max_length, help_text=extra.help)
        model_field = Project._meta.get_field(name)
        if model_field.get_internal_type() == "DateField":
            return model_field.formfield(form_class=VNDateField)
        return model_field.formfield()

    def _prefill(self, project: Project, names: list[str]) -> None:
        """The project's current values, or what the row declares (today's date, the requested funds, …)."""
        self.initial.setdefault("version", project.version)
        for name in names:
            value = getattr(project, name, None)
            if value not in (None, ""):
                self.initial.setdefault(name, value)
            source = self.transition.prefill.get(name)
            suggestion = source(project) if source else None
            if suggestion is not None:
                self.initial[name] = suggestion.value
                if suggestion.note:
                    self.fields[name].help_text = suggestion.note

    def service_data(self) -> dict:
        cleaned = getattr(self, "cleaned_data", {})
        return {k: v for k, v in cleaned.items()
                if k not in ("comment", "version") and k not in {upload_field(kind) for kind in self.upload_kinds}}

    def uploads(self) -> dict:
        cleaned = getattr(self, "cleaned_data", {})
        return {kind: cleaned[upload_field(kind)] for kind in self.upload_kinds if cleaned.get(upload_field(kind))}



class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại tài liệu"), choices=AttachmentKind.choices)
    file = forms.FileField(label=gettext_lazy("Tệp (PDF, DOCX, XLSX, JPEG, PNG; tối đa 20 MB)"))
