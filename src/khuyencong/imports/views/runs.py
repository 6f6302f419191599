"""Upload, progress, rejects, template and export pages. Thin: forms → services/selectors → render."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khuyencong.core.forms import require
from khuyencong.imports.export import ExportFilterError, csv_chunks, export_queryset, xlsx_tempfile
from khuyencong.imports.forms import ImportForm
from khuyencong.imports.kinds import UnknownKind, get_kind
from khuyencong.imports.models import ImportRun
from khuyencong.imports.permissions import can_export, can_import
from khuyencong.imports.services.runs import import_run_create
from khuyencong.imports.template_xlsx import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_or_404(key):
    try:
        return get_kind(key)
    except UnknownKind:
        raise Http404(_("Không có loại dữ liệu này.")) from None


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, kind):
    definition = _kind_or_404(kind)
    allowed, reason = can_import(request.user, definition)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require((allowed, reason))
        if form.is_valid():
            options = [key for key, _label in definition.options if request.POST.get(f"option_{key}")]
            run = import_run_create(user=request.user, kind=kind, upload=form.cleaned_data["file"],
                                    hierarchy=form.cleaned_data["hierarchy"], mode=form.cleaned_data["mode"],
                                    dry_run=form.cleaned_data["dry_run"], valid_only=form.cleaned_data["valid_only"],
                                    options=options)
            return redirect("imports:run", pk=run.pk)
    runs = ImportRun.objects.filter(user=request.user, kind=kind)[:10]
    # Pre-filled values for the page (e.g. ?class_code=… from a class page: the file's rows name it).
    prefill = {key: request.GET[key][:60] for key in definition.by_key if request.GET.get(key)}
    return render(request, "imports/upload.html", {
        "kind": definition, "form": form, "runs": runs, "can_import": allowed, "reason": reason,
        "prefill": prefill, "options_checked": {k for k, _l in definition.options if request.POST.get(f"option_{k}")},
    })


def _run_or_404(request, pk) -> ImportRun:
    run = ImportRun.objects.filter(pk=pk).first()
    if run is None or (run.user_id != request.user.pk and not request.user.is_superuser):
        raise Http404(_("Không tìm thấy lần nhập này."))
    return run


@login_required
@require_GET
def run_detail(request, pk):
    run = _run_or_404(request, pk)
    template = "imports/_run_status.html" if request.htmx else "imports/run.html"
    return render(request, template, {"run": run, "kind": _kind_or_404(run.kind)})


@login_required
@require_GET
def run_rejects(request, pk):
    run = _run_or_404(request, pk)
    if not run.rejects:
        raise Http404(_("Lần nhập này không có tệp dòng lỗi."))
    return FileResponse(run.rejects.open("rb"), as_attachment=True, filename=f"dong-loi-{run.pk}.xlsx",
                        content_type=XLSX)


@login_required
@require_GET
def template(request, kind):
    definition = _kind_or_404(kind)
    from io import BytesIO

    return FileResponse(BytesIO(build_template(definition)), as_attachment=True, filename=f"mau-{kind}.xlsx",
                        content_type=XLSX)


@login_required
@require_GET
def export(request, kind, fmt):
    definition = _kind_or_404(kind)
    if fmt not in ("xlsx", "csv"):
        raise Http404(_("Chỉ xuất được XLSX hoặc CSV."))
    require(can_export(request.user))
    try:  # the list page's querystring, read by the list page's own form and selector
        qs = export_queryset(definition, user=request.user, params=request.GET)
    except ExportFilterError as exc:
        # Back to the list with the same querystring: the list's form shows the error on its field.
        back = f"{reverse(definition.list_url)}?{request.GET.urlencode()}" if definition.list_url else ""
        return render(request, "imports/export_error.html", {"kind": definition, "message": str(exc), "back": back},
                      status=400)
    # A kind may leave columns out for this user (trainees' personal data), or add them on request.
    columns = definition.columns_for_export(request.user, request.GET)
    if definition.on_export:
        definition.on_export(definition, request.user, qs, columns)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(definition, qs, columns), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
        return response
    return FileResponse(xlsx_tempfile(definition, qs, columns), as_attachment=True, filename=f"{kind}.xlsx",
                        content_type=XLSX)
