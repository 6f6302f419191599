"""Running an import: validate every row, then write all (or only the valid rows), in one transaction."""

import csv
import gc
import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from khuyencong.imports import tasks
from khuyencong.imports.engine import Importer, ImportResult
from khuyencong.imports.kinds import get_kind
from khuyencong.imports.models import ImportRun, RunStatus
from khuyencong.imports.writer import write_plans, write_rejects

logger = logging.getLogger(__name__)

INLINE_MAX_BYTES = 256 * 1024  # a small upload is processed in the request; larger ones by the task worker
MAX_STORED_ERRORS = 1000


def import_file(*, kind: str, path: str | Path, user, hierarchy: str = "current", mode: str = "upsert",
                dry_run: bool = False, valid_only: bool = False, name: str | None = None,
                rejects_path: Path | None = None, progress=None, run_id: int | None = None,
                before_write=None, options=None) -> ImportResult:
    """Validate the whole file; write only when every row is valid (or valid_only); never raises on bad input."""
    with _no_cyclic_gc():
        return _import_file(kind=kind, path=path, user=user, hierarchy=hierarchy, mode=mode, dry_run=dry_run,
                            valid_only=valid_only, name=name, rejects_path=rejects_path, progress=progress,
                            run_id=run_id, before_write=before_write, options=options)


def import_rows(*, kind: str, rows: list[dict], user, hierarchy: str = "current", mode: str = "upsert",
                options=None) -> ImportResult:
    """Import rows given as {column key: text}: the same path as a file (demos and seeds use it, so what they
    load obeys every rule an upload does). Returns the result; never raises on bad input."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows([["" if row.get(c) is None else row[c] for c in columns] for row in rows])
        return import_file(kind=kind, path=path, user=user, hierarchy=hierarchy, mode=mode, options=options)


@contextmanager
def _no_cyclic_gc():
    """The import holds ~10 small objects per row and makes no reference cycles; the cyclic collector
    would rescan that growing heap again and again (about a fifth of the CPU time at 100k rows)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_file(*, kind, path, user, hierarchy, mode, dry_run, valid_only, name, rejects_path, progress, run_id,
                 before_write, options) -> ImportResult:
    importer = Importer(get_kind(kind), user=user, hierarchy=hierarchy, mode=mode, dry_run=dry_run,
                        valid_only=valid_only, progress=progress, options=options)
    result = importer.validate(path, name)
    if result.file_error:
        return result
    if result.errors and valid_only and rejects_path is not None:
        result.rejects_path = str(write_rejects(importer.context, Path(rejects_path)))
    if dry_run or (result.errors and not valid_only) or not importer.plans:
        return result
    label = name or Path(path).name
    summary = f"Nhập từ tệp {label}" + (f" (lần nhập #{run_id})" if run_id else "")
    if before_write:
        before_write()
    try:
        write_plans(importer.context, summary=summary, progress=None)
    except (IntegrityError, DataError) as exc:  # a concurrent change since validation: nothing was written
        logger.warning("import %s rolled back: %s", kind, exc)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        result.file_error = ("Không ghi được, không dòng nào được ghi: dữ liệu trong hệ thống vừa thay đổi "
                             f"trong lúc nhập ({first}). Hãy nhập lại.")
    return result


def import_run_create(*, user, kind: str, upload, hierarchy: str, mode: str, dry_run: bool,
                      valid_only: bool, options=()) -> ImportRun:
    """Store the upload and start the run: inline when small, else as a background task."""
    get_kind(kind)
    run = ImportRun(kind=kind, original_name=Path(upload.name).name[:255], user=user, hierarchy=hierarchy,
                    mode=mode, dry_run=dry_run, valid_only=valid_only, options=list(options))
    run.file.save(Path(upload.name).name, upload, save=False)
    run.save()
    if upload.size <= INLINE_MAX_BYTES:
        import_run_execute(run_id=run.pk, reraise=False)  # the run page shows the failure, not a 500
    else:
        transaction.on_commit(lambda: tasks.run_import.enqueue(run.pk))
    run.refresh_from_db()
    return run


def import_run_execute(*, run_id: int, reraise: bool = True) -> ImportRun:
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])

    def progress(done, total):
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    rejects = Path(settings.MEDIA_ROOT) / "imports" / "rejects" / f"run-{run.pk}-loi.xlsx"
    try:
        result = _run(run, rejects, progress)
    except Exception:
        logger.exception("import run %s failed", run.pk)
        ImportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(),
            summary=[f"Lỗi hệ thống khi nhập; không dòng nào được ghi. Hãy báo quản trị viên (lần nhập #{run.pk})."])
        if reraise:
            raise
        return ImportRun.objects.get(pk=run.pk)
    return _finish(run, result)


def _run(run: ImportRun, rejects: Path, progress) -> ImportResult:
    return import_file(kind=run.kind, path=run.file.path, user=run.user, hierarchy=run.hierarchy, mode=run.mode,
                       dry_run=run.dry_run, valid_only=run.valid_only, name=run.original_name,
                       rejects_path=rejects, progress=progress, run_id=run.pk, options=run.options,
                       before_write=lambda: ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.WRITING))


def _finish(run: ImportRun, result: ImportResult) -> ImportRun:
    run.refresh_from_db(fields=["rows_done", "rows_total"])
    run.status = RunStatus.SUCCEEDED if result.ok else RunStatus.FAILED
    run.rows_total = run.rows_done = result.total_rows
    run.valid_rows = result.valid_rows
    # Only what was written counts as added or changed; a run that wrote nothing keeps its would-be counts
    # in the summary lines ("Chạy thử: sẽ thêm mới …").
    written = (result.created, result.updated, result.unchanged) if result.written else (0, 0, 0)
    run.created, run.updated, run.unchanged = written
    run.error_count = len(result.errors)
    run.errors = [[e.row, e.column, e.message] for e in result.errors[:MAX_STORED_ERRORS]]
    run.summary = result.summary_lines()
    run.duplicates = result.duplicates
    if result.rejects_path:
        with open(result.rejects_path, "rb") as fh:
            run.rejects.save(f"run-{run.pk}-loi.xlsx", File(fh), save=False)
        Path(result.rejects_path).unlink(missing_ok=True)
        run.summary = [line for line in run.summary if not line.startswith("Các dòng lỗi đã lưu")]
    run.finished_at = timezone.now()
    run.save()
    return run
