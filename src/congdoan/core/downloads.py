"""Files sent to the browser: one response shape for every download."""

from django.core.files import File
from django.http import FileResponse, HttpResponse


def file_response(
    content: bytes | File, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """``content`` as a download named ``filename`` (ASCII), or shown in the browser. A
    stored file is streamed from the storage in chunks, never read whole."""
    if isinstance(content, File):
        return FileResponse(
            content.open("rb"),
            as_attachment=not inline,
            filename=filename,
            content_type=content_type,
        )
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
