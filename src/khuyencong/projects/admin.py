"""Funding rules, programmes and plans are edited here; projects are read-only. Every change writes an audit row
(core.admin.AuditedAdmin)."""

from django.contrib import admin

from khuyencong.core.admin import AuditedAdmin
from khuyencong.projects.models import AnnualPlan, FundingRule, Programme, Project, ProjectTransition


@admin.register(FundingRule)
class FundingRuleAdmin(AuditedAdmin):
    """Administrators add the current caps (TT 28/2018 as amended, the city's resolution) here."""

    list_display = ("item", "activity", "max_share_percent", "max_amount", "amount_basis", "priority_multiplier",
                    "legal_basis", "valid_from", "valid_to", "historical")
    list_filter = ("activity", "historical", "legal_basis")
    search_fields = ("item", "legal_basis")


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name", "start_year", "end_year", "scope_unit")
    raw_id_fields = ("scope_unit",)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(AuditedAdmin):
    list_display = ("year", "funding_source", "scope_unit", "budget_ceiling", "decision_number", "decision_date")
    list_filter = ("funding_source", "year")
    raw_id_fields = ("scope_unit",)


class TransitionInline(admin.TabularInline):
    model = ProjectTransition
    extra = 0
    can_delete = False
    readonly_fields = ("name", "from_state", "to_state", "actor", "at", "comment", "data")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    """Read-only here: projects change through the pages and services, never by editing the state."""

    list_display = ("code", "title", "activity", "plan_year", "state", "imported")
    list_filter = ("state", "activity", "funding_source", "plan_year", "imported")
    search_fields = ("code", "search_title")
    inlines = [TransitionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
