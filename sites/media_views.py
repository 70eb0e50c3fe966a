"""Site photos, served to the people who may see the offer, never from a public folder.

Uploaded files are not published under MEDIA_URL: an import's file holds
people's names, and nothing in MEDIA_ROOT should answer an anonymous request.
A photo is read through this view, which asks for a role first.
"""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.roles import staff_required

from .models import SitePhoto


@staff_required
@require_GET
def photo_file(request, pk):
    photo = get_object_or_404(SitePhoto, pk=pk)
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
