"""What the demo app registers into lower apps: the "Dữ liệu mẫu" banner on every page (slot "core.banner")."""

from khuyencong.core.extensions import register_section
from khuyencong.demo.selectors import demo_loaded


def _banner(request, _obj):
    return {} if demo_loaded() else None


register_section("core.banner", template="demo/_banner.html", context=_banner)
