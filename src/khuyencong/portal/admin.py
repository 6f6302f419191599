"""Administrators keep the news categories here (articles are written in the editors' back office, /bien-tap/).
A change empties the public page cache, since every public page lists the categories; it is audited like every
admin change (core.admin.AuditedAdmin)."""

from django.contrib import admin
from django.db import transaction

from khuyencong.core.admin import AuditedAdmin
from khuyencong.portal import caching
from khuyencong.portal.models import Category


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(caching.invalidate_public_pages)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(caching.invalidate_public_pages)
