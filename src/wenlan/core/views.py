"""Site-wide views of the shared kernel."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from wenlan.core.media import IMAGE_TYPES


@require_safe
def media_serve(request: HttpRequest, path: str) -> FileResponse:
    """An uploaded image. Uploads get a new name each (`core.media.UploadPath`),
    so a response may be kept for a year. Only images under MEDIA_ROOT are served;
    a path that leaves it is refused (SuspiciousFileOperation, 400). A front web
    server pointed at MEDIA_ROOT does the same faster (docs/operators.md)."""
    full = Path(safe_join(settings.MEDIA_ROOT, path))
    content_type = IMAGE_TYPES.get(full.suffix.lower())
    if content_type is None or not full.is_file():
        raise Http404(path)
    response = FileResponse(full.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
