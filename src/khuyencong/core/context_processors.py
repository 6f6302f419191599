from django.urls import resolve
from django.utils.translation import gettext as _

from khuyencong.core.navigation import MAIN_NAV, badge_for, is_shown


def shell(request):
    """Navigation and the signed-in user's roles and units, for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    try:
        current = resolve(request.path_info).view_name
    except Exception:  # a 404 page still renders the shell
        current = ""
    items = [{"label": item.label, "url": item.url(), "active": item.url_name == current}
             | badge_for(item.url_name, user) for item in MAIN_NAV if is_shown(item.url_name, user)]
    assignments = user.assignments
    role_lines = [str(a) for a in assignments] or ([_("Quản trị toàn hệ thống")] if user.is_superuser else [])
    return {
        "nav_items": items,
        "user_role_lines": role_lines,
    }
