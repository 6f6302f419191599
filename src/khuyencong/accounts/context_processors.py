from khuyencong.accounts.permissions import can_use_admin_site


def admin_link(request):
    """Whether the top bar links the Django admin (administrators only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"show_admin_link": can_use_admin_site(user)[0] and user.is_staff}
