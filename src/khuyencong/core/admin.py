"""The Django admin writes the change log like the services do: every change, addition and deletion of a record
with history (its own fields, many-to-many fields and inline rows) gets an audit row with the field diff."""

from django.contrib import admin
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record, diff, snapshot


class AuditedAdmin(admin.ModelAdmin):
    # {model: {field: mask(value) -> text}}: personal data (a trainee's ID number) never enters the log in clear.
    audit_masks: dict = {}

    def audit_state(self, obj) -> dict:
        """What a person can change: editable fields (timestamps and derived fields are left out)."""
        data = snapshot(obj, [f.name for f in obj._meta.concrete_fields if f.editable])
        if obj.pk is not None:
            for field in obj._meta.many_to_many:
                data[field.name] = "; ".join(sorted(str(x) for x in getattr(obj, field.name).all())) or None
        for name, mask in self.audit_masks.get(type(obj), {}).items():
            data[name] = mask(getattr(obj, name)) or None
        return data

    def _stored_state(self, model, pk) -> dict:
        stored = model._default_manager.filter(pk=pk).first()
        return self.audit_state(stored) if stored is not None else {}

    def _log(self, request, obj, action, changes, summary):
        audit_record(actor=request.user, obj=obj, action=action, changes=changes, summary=summary)

    def save_model(self, request, obj, form, change):
        # what the database holds before the save, many-to-many included (they are saved in save_related)
        obj._audit_before = self._stored_state(type(obj), obj.pk) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changes = diff(getattr(obj, "_audit_before", {}), self.audit_state(obj))
        if changes or not change:
            self._log(request, obj, AuditAction.UPDATE if change else AuditAction.CREATE, changes,
                      _("Sửa trong trang quản trị") if change else _("Thêm trong trang quản trị"))

    def save_formset(self, request, form, formset, change):
        model = formset.model
        before = {f.instance.pk: self._stored_state(model, f.instance.pk)
                  for f in formset.forms if f.instance.pk is not None and f.has_changed()}
        for deleted in formset.deleted_forms:  # logged while the row still has its id
            if deleted.instance.pk is not None:
                self._log(request, deleted.instance, AuditAction.DELETE,
                          _removed(self._stored_state(model, deleted.instance.pk)), _("Xoá trong trang quản trị"))
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._log(request, obj, AuditAction.CREATE, diff({}, self.audit_state(obj)),
                      _("Thêm trong trang quản trị"))
        for obj, _fields in formset.changed_objects:
            changes = diff(before.get(obj.pk, {}), self.audit_state(obj))
            if changes:
                self._log(request, obj, AuditAction.UPDATE, changes, _("Sửa trong trang quản trị"))

    def delete_model(self, request, obj):
        self._log(request, obj, AuditAction.DELETE, _removed(self.audit_state(obj)), _("Xoá trong trang quản trị"))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._log(request, obj, AuditAction.DELETE, _removed(self.audit_state(obj)),
                      _("Xoá trong trang quản trị"))
        super().delete_queryset(request, queryset)


def _removed(state: dict) -> dict:
    return {name: [value, None] for name, value in state.items() if value not in (None, "")}
