from django.contrib import admin

from khuyencong.geo.models import AdminUnit, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "hierarchy", "parent"]
    list_filter = ["hierarchy", "level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "province", "district"]
    show_full_result_count = False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["old", "new", "partial"]
    raw_id_fields = ["old", "new"]
