from django.conf import settings
from django.shortcuts import render


class UploadSizeLimitMiddleware:
    """Refuse a request whose body is larger than ``UPLOAD_MAX_BYTES`` (413).

    Checked on the announced length, before anything reads the body, so an
    oversized upload is neither stored nor parsed. The reverse proxy in front
    should cap bodies too: this covers requests that reach Django.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_BYTES:
            return render(request, "413.html", {"limit": settings.UPLOAD_MAX_BYTES}, status=413)
        return self.get_response(request)
