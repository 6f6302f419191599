import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.core.models import AuditEntry
from khuyencong.projects.models import Attachment
from khuyencong.projects.permissions import can_remove_attachment
from khuyencong.projects.services.attachments import attachment_add, attachment_remove, sniff
from khuyencong.projects.services.projects import project_transition
from tests.projects.conftest import EXE, JPEG, PDF, PNG, office, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.pdf", PDF, "pdf"), ("b.png", PNG, "png"), ("c.jpg", JPEG, "jpeg"),
    ("d.docx", office("docx"), "docx"), ("e.xlsx", office("xlsx"), "xlsx"), ("F.JPEG", JPEG, "jpeg"),
])
def test_accepted_types_by_content(name, content, kind, make_project, people, media):
    project = make_project()
    a = attachment_add(project=project, kind="other", upload=upload(name, content), actor=people["local_officer"])
    assert a.file_type == kind and a.original_name == name
    stem, ext = a.file.name.rsplit("/", 1)[1].split(".")
    assert len(stem) == 32 and int(stem, 16) >= 0 and ext == kind  # a random name, the checked type
    assert (media / a.file.name).exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("quyet-dinh.pdf", EXE, "là chương trình chạy được"),
    ("virus.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "là chương trình chạy được"),
    ("gia.docx", b"PK\x03\x04not really a zip", "không phải PDF, DOCX, XLSX, JPEG, PNG"),
    ("note.pdf", b"just some text", "không phải PDF, DOCX, XLSX, JPEG, PNG"),
    ("rong.pdf", b"", "rỗng"),
])
def test_refused_content(name, content, message, make_project, people):
    project = make_project()
    before = Attachment.objects.count()
    with pytest.raises(ValidationError) as exc:
        attachment_add(project=project, kind="other", upload=upload(name, content), actor=people["local_officer"])
    assert message in exc.value.messages[0] and name in exc.value.messages[0]
    assert Attachment.objects.count() == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("anh-that.pdf", PNG, "“anh-that.pdf” có đuôi .pdf nhưng nội dung là ảnh PNG"),
    ("bang-tinh.pdf", office("xlsx"), "nội dung là bảng tính Excel (XLSX)"),
    ("don.docx", PDF, "“don.docx” có đuôi .docx nhưng nội dung là tệp PDF"),
    ("scan.bin", PDF, "có đuôi .bin nhưng nội dung là tệp PDF"),
    ("khong-duoi", JPEG, "“khong-duoi” không có đuôi"),
])
def test_name_that_does_not_match_the_content_is_refused(name, content, message, make_project, people):
    """The content decides what a file is; a name that says otherwise is a mistake (or a trick) and is refused."""
    project = make_project()
    before = Attachment.objects.count()
    with pytest.raises(ValidationError) as exc:
        attachment_add(project=project, kind="other", upload=upload(name, content), actor=people["local_officer"])
    assert message in exc.value.messages[0], exc.value.messages[0]
    assert Attachment.objects.count() == before


def test_zip_that_is_not_office_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("payload.exe", "MZ")
    assert sniff(upload("x.docx", buffer.getvalue())) is None


def test_over_20_mb_refused(make_project, people):
    project = make_project()
    big = upload("lon.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        attachment_add(project=project, kind="other", upload=big, actor=people["local_officer"])
    assert "lớn hơn 20 MB" in exc.value.messages[0]


def _card(body: str) -> str:
    return body.split('id="tai-lieu"')[1].split("</section>")[0]


def test_uploader_removes_a_wrong_attachment_kept_in_the_history(client, make_project, people, media):
    project = make_project()
    officer = people["local_officer"]
    wrong = attachment_add(project=project, kind="other", upload=upload("nham.pdf"), actor=officer)
    client.force_login(officer)
    detail = reverse("projects:project_detail", args=[project.pk])
    remove = reverse("projects:attachment_remove", args=[project.pk, wrong.pk])
    download = reverse("projects:attachment_download", args=[project.pk, wrong.pk])
    assert remove in _card(client.get(detail).content.decode())
    assert client.get(remove).status_code == 405  # a removal is a POST
    body = client.post(remove, follow=True).content.decode()
    assert "Đã gỡ tài liệu “nham.pdf”" in body
    assert "nham.pdf" not in _card(body) and "don.pdf" in _card(body)
    history = body.split("Lịch sử thay đổi")[1]
    assert "Gỡ tài liệu đính kèm Tài liệu khác: nham.pdf" in history and f'href="{download}"' in history
    wrong.refresh_from_db()
    assert wrong.removed_at is not None and wrong.removed_by == officer
    assert (media / wrong.file.name).exists()  # kept, not destroyed
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    entry = AuditEntry.objects.filter(object_id=str(project.pk), summary__startswith="Gỡ tài liệu").get()
    assert entry.actor == officer and entry.changes["attachment"] == ["Tài liệu khác: nham.pdf", None]
    again = client.post(remove, follow=True).content.decode()
    assert "đã được gỡ" in again


def test_who_may_remove_and_when(client, make_project, people, make_user):
    project = make_project()
    letter = project.attachments.get(kind="request_letter")  # uploaded by the local officer
    colleague = make_user("phunghia2", role="local_officer", unit="10030")
    allowed, reason = can_remove_attachment(colleague, letter)
    assert not allowed and "Chỉ người tải lên (phunghia) hoặc Cán bộ Trung tâm" in reason
    assert not can_remove_attachment(people["viewer"], letter)[0]
    assert not can_remove_attachment(people["approver"], letter)[0]
    assert can_remove_attachment(people["centre_staff"], letter) == (True, "")
    client.force_login(colleague)
    body = client.post(reverse("projects:attachment_remove", args=[project.pk, letter.pk]), follow=True)
    assert "Chỉ người tải lên" in body.content.decode()
    letter.refresh_from_db()
    assert letter.removed_at is None
    submitted = make_project("submitted")
    sent = submitted.attachments.get(kind="request_letter")
    for user in (people["local_officer"], people["centre_staff"]):
        allowed, reason = can_remove_attachment(user, sent)
        assert not allowed and "Dự thảo hoặc Trả lại để sửa" in reason
    with pytest.raises(ValidationError):
        attachment_remove(attachment=sent, actor=people["centre_staff"])


def test_removed_required_document_is_missing_again(make_project, people):
    project = make_project()
    attachment_remove(attachment=project.attachments.get(kind="request_letter"), actor=people["centre_staff"])
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="submit", actor=people["local_officer"], data={}, comment="")
    assert "Thiếu tài liệu đính kèm: Đơn đề nghị hỗ trợ" in " ".join(exc.value.messages)


def test_removal_outside_scope_is_404(client, make_project, people, make_user):
    project = make_project()
    letter = project.attachments.get(kind="request_letter")
    client.force_login(make_user("badinh", role="local_officer", unit="00004"))
    assert client.post(reverse("projects:attachment_remove", args=[project.pk, letter.pk])).status_code == 404
