"""Checking an uploaded file by its content (never its name), and storing it with a random name."""

import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.core.audit import AuditAction, audit_record
from khuyencong.projects.models import Attachment, Project

MAX_SIZE = 20 * 1024 * 1024
ALLOWED_LABEL = "PDF, DOCX, XLSX, JPEG, PNG"


def _zip_kind(upload) -> str | None:
    """docx / xlsx by the parts an Office file must have, or None."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml")[:200_000]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names and b"wordprocessingml.document.main" in types:
        return "docx"
    if "xl/workbook.xml" in names and b"spreadsheetml.sheet.main" in types:
        return "xlsx"
    return None


def sniff(upload) -> str | None:
    """The real type of the file from its first bytes: pdf, png, jpeg, docx, xlsx, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def validate_upload(upload) -> str:
    """Raise a ValidationError with a clear Vietnamese message, or return the file type."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_SIZE:
        raise ValidationError(_("Tệp “%(name)s” lớn hơn 20 MB.") % {"name": name})
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    kind = sniff(upload)
    if kind is None:
        head = upload.read(2)
        upload.seek(0)
        if head == b"MZ" or head == b"\x7fE":
            raise ValidationError(_(
                "Tệp “%(name)s” là chương trình chạy được, không phải tài liệu (dù tên tệp có đuôi khác): "
                "không được phép tải lên."
            ) % {"name": name})
        raise ValidationError(_(
            "Nội dung tệp “%(name)s” không phải %(allowed)s. Hệ thống kiểm tra nội dung tệp, không dựa vào đuôi tên."
        ) % {"name": name, "allowed": ALLOWED_LABEL})
    return kind


@transaction.atomic
def attachment_add(*, project: Project, kind: str, upload, actor) -> Attachment:
    file_type = validate_upload(upload)
    original = (getattr(upload, "name", "") or "tep")[-255:]
    attachment = Attachment(project=project, kind=kind, original_name=original, file_type=file_type,
                            size=upload.size, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    attachment.file.save("upload", upload, save=False)
    # The file is written before the row: if the transaction rolls back, remove it again.
    stored = attachment.file.name
    try:
        attachment.full_clean()
        attachment.save()
        audit_record(actor=actor, obj=project, action=AuditAction.UPDATE,
                     summary=_("Đính kèm %(kind)s: %(name)s")
                     % {"kind": attachment.get_kind_display(), "name": original})
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment
