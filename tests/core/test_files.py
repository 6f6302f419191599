"""A stored file is served as it is; one gone from the disk is a Vietnamese 404, not a 500."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from khuyencong.core.files import stored_file_response


@pytest.mark.django_db  # run after other tests it reached the database (order-dependent); allowed
def test_a_stored_file_is_served_and_a_missing_one_is_a_404(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("anh.png", ContentFile(b"\x89PNG-noi-dung"))

    def stored():  # what a model's file field gives a view
        return FieldFile(None, FileField(storage=storage), name)

    response = stored_file_response(stored(), missing="Tệp không còn trên máy chủ.", content_type="image/png")
    assert b"".join(response.streaming_content) == b"\x89PNG-noi-dung"
    assert response["Content-Type"] == "image/png"
    response.close()

    storage.delete(name)
    with pytest.raises(Http404, match="Tệp không còn trên máy chủ."):
        stored_file_response(stored(), missing="Tệp không còn trên máy chủ.")
