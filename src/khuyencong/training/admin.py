"""Django admin for administrators: read and correct training records; the access log is read-only."""

from django.contrib import admin

from khuyencong.training.models import (
    CraftTransplant,
    FollowUp,
    PersonalDataAccess,
    Trainee,
    TrainingClass,
    TransplantCheck,
)


class TraineeInline(admin.TabularInline):
    model = Trainee
    extra = 0
    fields = ["full_name", "birth_year", "gender", "id_number", "completed", "certificate_number"]


@admin.register(TrainingClass)
class TrainingClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "craft", "commune", "start_date", "end_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name"]
    raw_id_fields = ["commune", "current_commune", "village", "project", "craft"]
    inlines = [TraineeInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["trainee", "date", "employed", "employer_name"]
    raw_id_fields = ["trainee", "employer"]


class CheckInline(admin.TabularInline):
    model = TransplantCheck
    extra = 0


@admin.register(CraftTransplant)
class CraftTransplantAdmin(admin.ModelAdmin):
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
