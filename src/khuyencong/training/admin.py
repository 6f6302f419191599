"""Django admin for administrators: read and correct training records; the access log is read-only.

Trainees' ID numbers and birth years are shown masked and cannot be changed here (the class page shows and logs
them for those allowed); every change writes an audit row with those fields masked (core.admin.AuditedAdmin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khuyencong.core.admin import AuditedAdmin
from khuyencong.training.models import (
    CraftTransplant,
    FollowUp,
    PersonalDataAccess,
    Trainee,
    TrainingClass,
    TransplantCheck,
)
from khuyencong.training.privacy import mask_birth_year, mask_id_number

PERSONAL_MASKS = {Trainee: {"id_number": mask_id_number, "birth_year": mask_birth_year}}


class TraineeInline(admin.TabularInline):
    model = Trainee
    extra = 0
    fields = ["full_name", "masked_birth_year", "gender", "masked_id_number", "completed", "certificate_number"]
    readonly_fields = ["masked_birth_year", "masked_id_number"]

    @admin.display(description=_("năm sinh"))
    def masked_birth_year(self, obj):
        return mask_birth_year(obj.birth_year) or "—"

    @admin.display(description=_("số CMND/CCCD"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number) or "—"


@admin.register(TrainingClass)
class TrainingClassAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "craft", "commune", "start_date", "end_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name"]
    raw_id_fields = ["commune", "current_commune", "village", "project", "craft"]
    inlines = [TraineeInline]
    audit_masks = PERSONAL_MASKS


@admin.register(FollowUp)
class FollowUpAdmin(AuditedAdmin):
    list_display = ["trainee", "date", "employed", "employer_name"]
    raw_id_fields = ["trainee", "employer"]


class CheckInline(admin.TabularInline):
    model = TransplantCheck
    extra = 0


@admin.register(CraftTransplant)
class CraftTransplantAdmin(AuditedAdmin):
    list_display = ["village", "craft", "year", "households_trained"]
    raw_id_fields = ["village", "craft", "project"]
    inlines = [CheckInline]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "purpose", "training_class", "trainee_count", "path"]
    list_filter = ["purpose"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
