"""Site photos, served to the people who may see the offer, never from a public folder.

Uploaded files are not published under MEDIA_URL: an import's file holds
people's names, and nothing in MEDIA_ROOT should answer an anonymous request.
A photo is read through this view, which asks for a role first.
"""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.roles import staff_required
from core.files import protected_file_response

from .models import SitePhoto


@staff_required
@require_GET
def photo_file(request, pk):
    photo = get_object_or_404(SitePhoto, pk=pk)
    response = protected_file_response(photo.image)
    response["Cache-Control"] = "private, max-age=3600"
    return response
