"""Checking an uploaded file by its content (never trusting its name), storing it with a random name, and
removing a wrong one (kept on disk and in the history)."""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.audit import AuditAction, audit_record
from khuyencong.projects.models import Attachment, Project
from khuyencong.projects.permissions import can_remove_attachment

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


# The content types accepted, as `filetype` names them → our file_type, and the extensions a name may carry.
FILETYPE_KINDS = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "docx": "docx", "xlsx": "xlsx", "zip": "zip"}
EXTENSIONS = {"pdf": {"pdf"}, "png": {"png"}, "jpeg": {"jpg", "jpeg"}, "docx": {"docx"}, "xlsx": {"xlsx"}}
KIND_LABELS = {"pdf": gettext_lazy("tệp PDF"), "png": gettext_lazy("ảnh PNG"), "jpeg": gettext_lazy("ảnh JPEG"),
               "docx": gettext_lazy("văn bản Word (DOCX)"), "xlsx": gettext_lazy("bảng tính Excel (XLSX)")}


def sniff(upload) -> str | None:
    """The real type of the file from its content (the `filetype` library's signatures): pdf, png, jpeg, docx,
    xlsx, or None. An Office file is also opened as a zip and must hold its main part (a second check)."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    kind = FILETYPE_KINDS.get(guess.extension) if guess else None
    if kind in ("docx", "xlsx", "zip"):
        inside = _zip_kind(upload)
        return inside if kind in ("zip", inside) else None
    return kind


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem and "/" not in ext and "\\" not in ext else ""


def validate_upload(upload) -> str:
    """Raise a ValidationError with a clear Vietnamese message, or return the file type.

    The content decides what the file is; the name's extension must then say the same thing (a PNG named
    anh-that.pdf is refused), so the list and the download never call a file something it is not."""
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
    ext = _extension(name)
    expected = ", ".join(f".{e}" for e in sorted(EXTENSIONS[kind]))
    if not ext:
        raise ValidationError(_(
            "Tệp “%(name)s” không có đuôi: nội dung là %(content)s, hãy đặt tên có đuôi %(expected)s rồi tải lên lại."
        ) % {"name": name, "content": KIND_LABELS[kind], "expected": expected})
    if ext not in EXTENSIONS[kind]:
        raise ValidationError(_(
            "Tệp “%(name)s” có đuôi .%(ext)s nhưng nội dung là %(content)s: có thể đã chọn nhầm tệp. Hãy chọn đúng "
            "tệp, hoặc nếu đúng là tài liệu cần đính kèm thì đổi đuôi tên thành %(expected)s rồi tải lên lại."
        ) % {"name": name, "ext": ext, "content": KIND_LABELS[kind], "expected": expected})
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


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> Attachment:
    """Remove a wrong upload from the project's documents. The row and the file are kept: the history shows the
    removal and still offers the file; a document a transition needs must be uploaded again."""
    # Lock the project, then the row: the state checked below cannot change (a submit) before the removal commits.
    Project.objects.select_for_update().filter(pk=attachment.project_id).first()
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    allowed, reason = can_remove_attachment(actor, attachment)
    if not allowed:
        raise ValidationError(reason)
    attachment.removed_at = timezone.now()
    attachment.removed_by = actor if getattr(actor, "is_authenticated", False) and actor.pk else None
    attachment.save(update_fields=["removed_at", "removed_by"])
    shown = f"{attachment.get_kind_display()}: {attachment.original_name}"
    audit_record(actor=actor, obj=attachment.project, action=AuditAction.UPDATE,
                 changes={"attachment": [shown, None], "_attachment_id": attachment.pk},
                 summary=_("Gỡ tài liệu đính kèm %(what)s") % {"what": shown})
    return attachment
