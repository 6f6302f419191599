"""The main navigation as data. An entry whose URL does not exist yet shows as "sắp có"."""

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
]
