from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from khuyencong.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(User)
class KhuyenCongUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Khuyến công", {"fields": ["full_name"]}),)
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "is_active", "last_login"]
