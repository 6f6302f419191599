from django.contrib import admin

from khuyencong.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "original_name", "user", "status", "rows_total", "created", "updated", "error_count",
                    "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False
