"""Forms of the editors' back office: the article (with the rich-text editor), an image, a workflow step, filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from khuyencong.core.forms import add_check_errors
from khuyencong.portal.models import ArticleState, Category
from khuyencong.portal.sanitize import EDITOR_EXTENSIONS, clean_html
from khuyencong.portal.services.articles import split_tags, tag_problems
from khuyencong.portal.services.images import image_problems
from khuyencong.portal.services.transitions import transition_problems

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
