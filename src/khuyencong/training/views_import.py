"""The training import page: upload a file of one kind; all or nothing, every bad row named."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from khuyencong.training.exports import xlsx_response
from khuyencong.training.forms import TrainingImportForm
from khuyencong.training.importing import KINDS, import_training, template_header
from khuyencong.training.permissions import can_edit_training
from khuyencong.training.views import _require, add_service_errors


@login_required
def import_file(request):
    _require(can_edit_training(request.user))
    kind = request.GET.get("template")
    if kind in KINDS:
        return xlsx_response(filename=f"mau-{kind}", title=kind, header=template_header(kind), rows=[])
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in KINDS else None
    form = TrainingImportForm(request.POST or None, request.FILES or None, initial=initial)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            summary = import_training(kind=data["kind"], upload=data["file"], actor=request.user,
                                      hierarchy=data["hierarchy"], dry_run=data["dry_run"],
                                      confirm_large=data["confirm_large"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            for warning in summary.warnings:
                messages.warning(request, warning)
            if not summary.dry_run:
                messages.success(request, _("Nhập thành công."))
    status = 400 if form.errors else 200
    return render(request, "training/import.html", {"form": form, "summary": summary, "kinds": KINDS},
                  status=status)
