from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from khuyencong.accounts.forms import LoginForm
from khuyencong.accounts.lockout import remaining_tries

# Warn from the third failed login on: "Còn 2 lần thử…".
WARN_AFTER_FAILURES = 3


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        username = (form.data.get("username") or "").strip()
        if username and settings.AXES_ENABLED:
            left = remaining_tries(self.request, username)
            if 0 < left <= settings.AXES_FAILURE_LIMIT - WARN_AFTER_FAILURES:
                return self.render_to_response(self.get_context_data(form=form, remaining_tries=left))
        return super().form_invalid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
