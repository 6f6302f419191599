import pytest
from django.core.exceptions import ValidationError

from khuyencong.projects.attachments import attachment_add, sniff
from khuyencong.projects.models import Attachment
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
