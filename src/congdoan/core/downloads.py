"""Files sent to the browser: one response shape for every download."""

from django.http import HttpResponse


def file_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """``content`` as a download named ``filename`` (ASCII), or shown in the browser."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
