from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị vô hiệu hoá."),
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa"), max_length=100,
                           help_text=_("Để nhận ra máy dùng khóa, ví dụ “máy nhập liệu của Trung tâm”."))
    days = forms.IntegerField(label=_("Hiệu lực (ngày)"), required=False, min_value=1, max_value=3650,
                              help_text=_("Để trống: không hết hạn (thu hồi khi không dùng nữa)."))
