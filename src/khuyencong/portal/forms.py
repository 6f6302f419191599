"""Forms of the portal: the editors' article (with the rich-text editor), an image, a workflow step, filters; the
readers' comment; the directory's filters; what “Soạn bài tin” posts."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from khuyencong.core.formatting import format_number
from khuyencong.core.forms import add_check_errors
from khuyencong.core.periods import Period, PeriodError
from khuyencong.geo.models import Hierarchy
from khuyencong.geo.selectors import UnitNotFound, unit_get
from khuyencong.indicators.selectors import unit_for
from khuyencong.portal.models import ArticleState, Category
from khuyencong.portal.sanitize import EDITOR_EXTENSIONS, clean_html
from khuyencong.portal.services import comments as comment_services
from khuyencong.portal.services.articles import split_tags, tag_problems
from khuyencong.portal.services.images import image_problems
from khuyencong.portal.services.transitions import transition_problems
from khuyencong.registry.models import Recognition
from khuyencong.registry.selectors import PUBLIC_RECOGNITIONS, public_crafts, public_village_units

IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M",
                          "%Y-%m-%dT%H:%M"]


class VNDateTimeField(forms.DateTimeField):
    """dd/mm/yyyy HH:MM in a text box, whatever the browser's locale (local time, Asia/Ho_Chi_Minh)."""

    default_error_messages = {"invalid": _("Nhập thời điểm theo dạng dd/mm/yyyy HH:MM, ví dụ 30/11/2026 08:00.")}

    def __init__(self, **kwargs):
        widget = forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={
            "placeholder": "dd/mm/yyyy HH:MM", "autocomplete": "off", "size": 16, "maxlength": 19})
        super().__init__(input_formats=DATETIME_INPUT_FORMATS, widget=widget, **kwargs)


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    lead = forms.CharField(label=_("Sapo"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Một hai câu tóm tắt, hiện dưới tiêu đề và trong danh sách tin."))
    body = ProseEditorFormField(label=_("Nội dung"), required=False, config={"extensions": EDITOR_EXTENSIONS},
                                sanitize=clean_html)
    category = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=Category.objects.all())
    tags = forms.CharField(label=_("Thẻ"), required=False, max_length=1000,
                           help_text=_("Cách nhau bằng dấu phẩy, ví dụ: làng nghề, gốm sứ. Thẻ mới được tạo."))
    author_initials = forms.CharField(label=_("Bút danh"), max_length=20, required=False)
    published_at = VNDateTimeField(label=_("Đăng lúc"), required=False,
                                   help_text=_("Để trống: đăng ngay khi được duyệt. Thời điểm ở tương lai: "
                                               "hẹn đăng, bài chỉ hiện từ lúc đó."))
    note = forms.CharField(label=_("Ghi chú phiên bản"), max_length=300, required=False)

    def clean_tags(self):
        names = split_tags(self.cleaned_data.get("tags", ""))
        problems = tag_problems(names)
        if problems:
            raise forms.ValidationError(problems)
        return names


class ArticleImageForm(forms.Form):
    file = forms.FileField(label=_("Tệp ảnh"), help_text=_("JPEG, PNG, WebP hoặc GIF, tối đa 5 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
                           error_messages={"required": _("Chọn tệp ảnh."), "empty": _("Tệp ảnh rỗng (0 byte).")})
    alt = forms.CharField(label=_("Mô tả ảnh (alt)"), max_length=300,
                          help_text=_("Ảnh cho thấy gì, cho người đọc không xem được ảnh."),
                          error_messages={"required": _("Ghi mô tả ảnh (alt) cho người đọc không xem được ảnh.")})
    caption = forms.CharField(label=_("Chú thích"), max_length=500, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        problems, _facts = image_problems(upload)
        if problems:
            raise forms.ValidationError(problems)
        return upload


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False,
                             widget=forms.TextInput(attrs={"size": 40}))

    def __init__(self, *args, article=None, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.article, self.name = article, name

    def clean(self):
        cleaned = super().clean()
        add_check_errors(self, lambda: _raise(transition_problems(self.article, self.name, cleaned.get("reason", ""))))
        return cleaned


def _raise(problems: dict) -> None:
    if problems:
        raise forms.ValidationError(problems)


class ArticleFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Trạng thái"), required=False,
                              choices=[("", _("Tất cả")), *ArticleState.choices])
    category = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=Category.objects.all(), required=False,
                                      empty_label=_("Tất cả"))
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)

# Reader comments.

COMMENT_MAX_LENGTH = 2000


class CaptchaInput(CaptchaTextInput):
    """The captcha image, its key and the answer box, with Vietnamese wording."""

    template_name = "portal/comments/captcha_widget.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false",
                                "size": 8, **(attrs or {})})


class CommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ tên"), max_length=100,
                           error_messages={"required": gettext_lazy("Vui lòng nhập họ tên."),
                                           "max_length": gettext_lazy("Họ tên dài tối đa 100 ký tự.")})
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), max_length=254,
                             help_text=gettext_lazy("Không hiển thị công khai."),
                             error_messages={"required": gettext_lazy("Vui lòng nhập địa chỉ thư điện tử."),
                                             "invalid": gettext_lazy("Địa chỉ thư điện tử không hợp lệ.")})
    text = forms.CharField(label=gettext_lazy("Ý kiến"),
                           widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
                           strip=True, error_messages={"required": gettext_lazy("Vui lòng viết ý kiến.")})
    # Hidden from people by the stylesheet; a robot filling every box fills it.
    website = forms.CharField(label=gettext_lazy("Để trống ô này"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    captcha = CaptchaField(label=gettext_lazy("Mã xác nhận"), widget=CaptchaInput,
                           help_text=gettext_lazy("Nhập các ký tự trong hình."),
                           error_messages={
                               "required": gettext_lazy("Vui lòng nhập mã xác nhận."),
                               "incomplete": gettext_lazy("Vui lòng nhập mã xác nhận."),
                               "invalid": gettext_lazy("Mã xác nhận không đúng, vui lòng nhập mã trong hình mới."),
                           })

    def clean_name(self):
        name = self.cleaned_data["name"]
        if comment_services.has_tags(name):
            raise forms.ValidationError(comment_services.tags_message())
        return name

    def clean_text(self):
        # Browsers send a textarea's line breaks as CRLF but count them as one character against maxlength.
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(gettext("Ý kiến dài tối đa %(limit)s ký tự (bạn đã viết %(n)s ký tự).") % {
                "limit": format_number(COMMENT_MAX_LENGTH), "n": format_number(len(text))})
        if comment_services.has_tags(text):
            raise forms.ValidationError(comment_services.tags_message())
        return text

    def is_robot(self) -> bool:
        """The hidden box was filled: refuse without saying why."""
        return bool((self.data.get("website") or "").strip())

# ?y-kien=da-gui on the article's address: the comment section says the comment waits for moderation.
SENT_FLAG = "da-gui"

# The public directory's filters.

MAX_PAGE = 10_000


class DirectoryFilterForm(forms.Form):
    """The public directory's filters. A unit is chosen as "hierarchy:code" (today's communes and the old
    districts that hold recognised villages are offered), so both hierarchies filter the same list."""

    q = forms.CharField(label=_("Tìm theo tên làng"), required=False, max_length=100)
    craft = forms.ModelChoiceField(
        label=_("Nghề"), required=False, queryset=public_crafts(), empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("Nghề đã chọn không có trong danh bạ.")})
    unit = forms.CharField(label=_("Địa bàn"), required=False, max_length=20, widget=forms.Select)
    recognition = forms.ChoiceField(
        label=_("Công nhận"), required=False,
        choices=[("", _("Tất cả"))] + [(v, label) for v, label in Recognition.choices if v in PUBLIC_RECOGNITIONS],
        error_messages={"invalid_choice": _("Loại công nhận đã chọn không hợp lệ.")})
    page = forms.IntegerField(label=_("Trang"), required=False, min_value=1, max_value=MAX_PAGE,
                              widget=forms.HiddenInput,
                              error_messages={"invalid": _("Số trang không hợp lệ."),
                                              "min_value": _("Số trang không hợp lệ."),
                                              "max_value": _("Số trang không hợp lệ.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = public_village_units()
        self.fields["craft"].queryset = public_crafts()
        self.fields["unit"].widget.choices = [
            ("", _("Tất cả")),
            (_("Xã/phường hiện hành"), [(f"{Hierarchy.CURRENT}:{u.code}", u.name) for u in units["current"]]),
            (_("Quận/huyện trước 01/07/2025"),
             [(f"{Hierarchy.LEGACY}:{u.code}", u.name) for u in units["legacy_districts"]]),
        ]

    def clean_unit(self):
        raw = (self.cleaned_data.get("unit") or "").strip()
        if not raw:
            return None
        hierarchy, _sep, code = raw.partition(":")
        if hierarchy not in Hierarchy.values or not code.strip().isdigit():
            raise forms.ValidationError(_("Địa bàn “%(v)s” không hợp lệ: hãy chọn trong danh sách.") % {"v": raw})
        try:
            return unit_get(code=code.strip(), hierarchy=hierarchy)
        except UnitNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"q": data.get("q") or None, "craft": data.get("craft"), "unit": data.get("unit"),
                "recognition": data.get("recognition") or None}


# --- “Soạn bài tin” from the figures ---------------------------------------------------------------------------
class ComposeForm(forms.Form):
    """What the “Soạn bài tin” buttons post: a report (`report`), or a unit and a period (the programme page).
    Every error is reported at once, in Vietnamese."""

    report = forms.IntegerField(required=False, min_value=1, error_messages={
        "invalid": _("Mã báo cáo phải là một số."), "min_value": _("Mã báo cáo phải là một số dương.")})
    unit_code = forms.CharField(required=False, max_length=7)
    unit_hierarchy = forms.ChoiceField(required=False, choices=Hierarchy.choices, error_messages={
        "invalid_choice": _("Hệ thống đơn vị “%(value)s” không có: chọn current hoặc legacy.")})
    period = forms.CharField(required=False, max_length=20)

    def clean(self):
        data = super().clean()
        data["unit_obj"] = data["period_obj"] = None
        if data.get("report"):
            return data
        code = (data.get("unit_code") or "").strip()
        if not code:
            self.add_error("unit_code", _("Chọn một đơn vị (tỉnh, huyện cũ hoặc xã) để soạn bài tin."))
        else:
            try:
                data["unit_obj"] = unit_for(code, data.get("unit_hierarchy") or Hierarchy.CURRENT)
            except UnitNotFound as exc:
                self.add_error("unit_code", str(exc))
        try:
            data["period_obj"] = Period.parse(data.get("period") or "")
        except PeriodError as exc:
            self.add_error("period", str(exc))
        return data
