"""Serving a stored file (an attachment, a photo, a report) once the view has decided who may have it."""

from django.http import FileResponse, Http404


def stored_file_response(stored, *, missing: str, **kwargs) -> FileResponse:
    """The file as a response (`kwargs` go to FileResponse). A file gone from the disk — a restored database, a
    cleaned media folder — is a 404 saying `missing`, never a 500."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    return FileResponse(handle, **kwargs)
