"""The user's own page: their roles and their API tokens (made here, shown once; revoked here)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.accounts.forms import ApiTokenForm
from khuyencong.accounts.models import ApiToken
from khuyencong.accounts.services.tokens import token_create, token_revoke, tokens_of
from khuyencong.core.forms import add_service_errors

ONCE_KEY = "api_token_once"


def _page(request, form, *, new_secret=None, status=200):
    return render(request, "accounts/profile.html", {
        "form": form, "tokens": tokens_of(request.user), "new_secret": new_secret, "now": timezone.now(),
    }, status=status)


@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"],
                                days=form.cleaned_data["days"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Post/redirect/get: the secret waits in the session for the one page that shows it, then is gone
            # (a reload neither shows it again nor makes a second token).
            request.session[ONCE_KEY] = made.secret
            return redirect("accounts:profile")
    new_secret = request.session.pop(ONCE_KEY, None) if request.method == "GET" else None
    return _page(request, form, new_secret=new_secret, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("accounts:profile")
