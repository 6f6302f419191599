"""Administrators edit the catalogues and the legal rules here; registry records are edited through the
pages (services write the audit rows), so they are read-only in the admin except for superusers. Every change
made here writes an audit row too (core.admin.AuditedAdmin)."""

from django.contrib import admin

from khuyencong.core.admin import AuditedAdmin
from khuyencong.core.text import fold
from khuyencong.registry import models


@admin.register(models.Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ["code", "name"]


@admin.register(models.Craft)
class CraftAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name", "folded_name"]

    def save_model(self, request, obj, form, change):
        obj.folded_name = fold(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(models.VillageCriteria)
class VillageCriteriaAdmin(AuditedAdmin):
    list_display = ["legal_basis", "min_craft_household_share", "min_stable_years", "valid_from", "valid_to"]


@admin.register(models.TypicalProductRule)
class TypicalProductRuleAdmin(AuditedAdmin):
    list_display = ["legal_basis", "min_score", "valid_years", "valid_from", "valid_to"]


@admin.register(models.OcopStarBand)
class OcopStarBandAdmin(AuditedAdmin):
    list_display = ["stars", "min_score", "max_score", "legal_basis", "valid_from", "valid_to"]
    list_filter = ["legal_basis"]


class ReadOnlyUnlessSuperuser(AuditedAdmin):
    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(models.Establishment)
class EstablishmentAdmin(ReadOnlyUnlessSuperuser):
    list_display = ["code", "name", "kind", "tax_code", "commune", "workers", "polluting"]
    list_filter = ["kind", "polluting", "sector"]
    search_fields = ["code", "search_name", "tax_code"]
    raw_id_fields = ["commune", "current_commune", "craft_village"]
    # Consent to be listed goes through the establishment page (the service records when and by whom).
    readonly_fields = ["public_listing", "public_listing_at", "public_listing_by", "public_address", "public_phone"]
    list_select_related = ["commune"]
    show_full_result_count = False


@admin.register(models.CraftVillage)
class CraftVillageAdmin(ReadOnlyUnlessSuperuser):
    list_display = ["code", "name", "recognition", "recognition_year", "commune"]
    list_filter = ["recognition"]
    search_fields = ["code", "search_name"]
    raw_id_fields = ["commune", "current_commune"]


@admin.register(models.CraftVillageYear)
class CraftVillageYearAdmin(ReadOnlyUnlessSuperuser):
    list_display = ["village", "year", "households", "craft_households", "workers", "production_value"]
    raw_id_fields = ["village"]


@admin.register(models.Product)
class ProductAdmin(ReadOnlyUnlessSuperuser):
    list_display = ["code", "name", "establishment", "is_new_design", "design_date"]
    search_fields = ["code", "search_name"]
    raw_id_fields = ["establishment"]


@admin.register(models.ProductCertificate)
class ProductCertificateAdmin(ReadOnlyUnlessSuperuser):
    list_display = ["product", "kind", "level", "year", "score", "stars", "valid_until"]
    raw_id_fields = ["product"]


@admin.register(models.DuplicateFlag)
class DuplicateFlagAdmin(ReadOnlyUnlessSuperuser):
    list_display = ["first", "second", "score", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["first", "second"]
