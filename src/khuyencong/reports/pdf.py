"""DOCX → PDF through LibreOffice (`soffice --headless --convert-to pdf`).

LibreOffice is optional: `settings.REPORTS_SOFFICE` names the program (by default whatever `soffice` the
PATH finds). Without it a report still gets its DOCX and XLSX, and its page says why there is no PDF.
Each conversion uses its own LibreOffice profile directory, so two conversions at once do not wait on
(or break) each other's profile lock.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 180


class PdfUnavailable(RuntimeError):
    """No LibreOffice on this server, or the conversion failed; the message says which, in Vietnamese."""


def soffice() -> str | None:
    configured = getattr(settings, "REPORTS_SOFFICE", None)
    if configured is not None:
        return shutil.which(configured) if configured else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_reason() -> str:
    return _("Máy chủ chưa cài LibreOffice nên không tạo được bản PDF; tải bản DOCX và in từ Word hoặc "
             "LibreOffice.")


def convert(docx_path: Path) -> Path:
    """The PDF beside `docx_path` (same name, .pdf); PdfUnavailable when it cannot be made."""
    program = soffice()
    if not program:
        raise PdfUnavailable(missing_reason())
    docx_path = Path(docx_path)
    with tempfile.TemporaryDirectory(prefix="kc-soffice-") as profile:
        command = [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(_("LibreOffice không chuyển được sang PDF: %(error)s") % {"error": exc}) from None
    pdf = docx_path.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.exists():
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[:200]
        raise PdfUnavailable(_("LibreOffice không chuyển được sang PDF (mã %(code)s) %(detail)s")
                             % {"code": done.returncode, "detail": detail})
    return pdf
