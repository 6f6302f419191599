"""Forms of the portal."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.formatting import format_number
from khuyencong.portal.services import comments as comment_services

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
            raise forms.ValidationError(_("Ý kiến dài tối đa %(limit)s ký tự (bạn đã viết %(n)s ký tự).") % {
                "limit": format_number(COMMENT_MAX_LENGTH), "n": format_number(len(text))})
        if comment_services.has_tags(text):
            raise forms.ValidationError(comment_services.tags_message())
        return text

    def is_robot(self) -> bool:
        """The hidden box was filled: refuse without saying why."""
        return bool((self.data.get("website") or "").strip())

# ?y-kien=da-gui on the article's address: the comment section says the comment waits for moderation.
SENT_FLAG = "da-gui"
