"""The one message for a code that names no record the user may see."""

from django.utils.translation import gettext as _


def unknown_code(what, codes) -> str:
    """“Không tìm thấy cơ sở có mã “X”, “Y”.” A code outside the user's scope gets exactly the message of a code
    that does not exist, so trying codes reveals nothing about other units' records."""
    codes = [codes] if isinstance(codes, str) else list(codes)
    return _("Không tìm thấy %(what)s có mã %(codes)s.") % {
        "what": what, "codes": ", ".join(f"“{code}”" for code in codes)}
