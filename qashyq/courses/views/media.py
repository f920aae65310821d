"""Files of materials, streamed with HTTP range requests (LMS-1; the issue's "media
streamed with range requests, not downloaded whole"). The same permission as the
material page: a student of another group gets 404 by URL (SEC-2)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_http_methods

from qashyq.core.views import found_or_404
from qashyq.courses import selectors, services
from qashyq.courses.ranges import file_response
from qashyq.courses.views.common import access_or_404


@login_required
@require_http_methods(["GET", "HEAD"])
def material_file(
    request: HttpRequest, course_id: int, material_id: int
) -> HttpResponse | StreamingHttpResponse:
    """The material's file: 200 whole, 206 one byte range, 416 a range beyond the end.
    A request without Range counts as a download in the progress and the footprint; the
    ranges a player fetches while playing do not."""
    access = access_or_404(request, course_id)
    material = found_or_404(
        lambda: selectors.material_get_for(access=access, material_id=material_id)
    )
    if not material.file:
        raise Http404
    storage = material.file.storage
    try:
        size = storage.size(material.file.name)
        handle = storage.open(material.file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    range_header = request.headers.get("Range")
    if range_header is None and request.method == "GET":
        services.material_download(access=access, material=material)
    extension = material.file.name.rsplit(".", 1)[-1] if "." in material.file.name else ""
    return file_response(
        open_file=handle,
        size=size,
        content_type=material.mime_type,
        range_header=range_header,
        filename=f"{material.title}.{extension}" if extension else material.title,
        ascii_filename=f"material-{material.pk}.{extension}",
        head=request.method == "HEAD",
    )
