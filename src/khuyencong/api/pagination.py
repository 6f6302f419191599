"""Cursor pagination: a stable walk through lists of any size (no COUNT, no OFFSET), `?cursor=` from `next`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_description = _("Con trỏ trang, lấy từ “next” hoặc “previous” của trang trước.")
    page_size_query_description = _("Số bản ghi mỗi trang (tối đa 500).")
    invalid_cursor_message = _("Con trỏ trang không hợp lệ.")
