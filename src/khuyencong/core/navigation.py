"""The main navigation as data. An entry whose URL does not exist yet shows as "sắp có".

A menu item may carry a count (the unread notices of "Việc cần làm"). Core knows no app: an app registers the
function that counts for its item with `register_badge` from its AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class Badge:
    count: Callable  # (user) -> int
    title: Callable  # (count) -> str, e.g. "3 thông báo chưa đọc"


BADGES: dict[str, Badge] = {}
BADGE_MAX = 99  # more shows as "99+"


def register_badge(url_name: str, *, count: Callable, title: Callable) -> None:
    BADGES[url_name] = Badge(count=count, title=title)


def badge_for(url_name: str, user) -> dict:
    """{"badge": n, "badge_text": "3" or "99+", "badge_title": …} for a menu item, empty when nothing to show."""
    badge = BADGES.get(url_name)
    n = badge.count(user) if badge is not None else 0
    if not n:
        return {}
    return {"badge": n, "badge_text": str(n) if n <= BADGE_MAX else f"{BADGE_MAX}+", "badge_title": badge.title(n)}


# A menu item only some users may use (the editors' "Tin bài"): an app registers who sees it with
# `register_visibility(url_name, shown=lambda user: …)` from its AppConfig.ready(); other items show to everyone.
VISIBILITY: dict[str, Callable] = {}


def register_visibility(url_name: str, *, shown: Callable) -> None:
    VISIBILITY[url_name] = shown


def is_shown(url_name: str, user) -> bool:
    shown = VISIBILITY.get(url_name)
    return shown is None or bool(shown(user))


MAIN_NAV = [
    NavItem(_("Tổng quan"), "core:home"),
    NavItem(_("Cơ sở CNNT"), "registry:establishment_list"),
    NavItem(_("Làng nghề"), "registry:village_list"),
    NavItem(_("Sản phẩm"), "registry:product_list"),
    NavItem(_("Đề án"), "projects:project_list"),
    NavItem(_("Việc cần làm"), "projects:inbox"),
    NavItem(_("Đào tạo"), "training:class_list"),
    NavItem(_("Cấy nghề"), "training:transplant_list"),
    NavItem(_("Chỉ tiêu"), "indicators:index"),
    NavItem(_("Báo cáo"), "reports:index"),
    NavItem(_("Tin bài"), "portal:editorial"),
]
