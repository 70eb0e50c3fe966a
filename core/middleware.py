import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _answers_json(request):
    """Whether the request is to the API (``JSON_ERROR_PATHS``), whose clients read JSON errors, not pages."""
    return any(request.path.startswith(prefix) for prefix in settings.JSON_ERROR_PATHS)


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
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_BYTES:
            if _answers_json(request):
                message = _("L'envoi dépasse la taille maximale autorisée.")
                return JsonResponse({"code": "too_large", "message": message}, status=413)
            return render(request, "413.html", {"limit": settings.UPLOAD_MAX_BYTES}, status=413)
        return self.get_response(request)


class NullCharacterMiddleware:
    """Answer 400 to a query string holding a NUL character.

    No one types one; PostgreSQL refuses it in a text value, so a list filter
    that passes the parameter to the database (the admin's do) would fail with
    a 500. Forms already refuse it in what they validate.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            if _answers_json(request):
                message = _("L'adresse contient des caractères qui ne peuvent pas être traités.")
                return JsonResponse({"code": "invalid", "message": message}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)


def permissions_policy(**allowed):
    """The Permissions-Policy header of ``PERMISSIONS_POLICY``, with some features given to some origins.

    A page that needs one (the lead form's badge scanner: ``camera=["self"]``)
    sets it on its response; the middleware then leaves it.
    """
    policy = {**settings.PERMISSIONS_POLICY, **allowed}
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Tell the browser that no page of ours uses the camera, the microphone, location or payment.

    A script slipped into a page could otherwise ask for them in the
    agency's name. ``PERMISSIONS_POLICY`` in settings lists what is allowed.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store`` on every answer to a signed-in person, unless the view chose its own.

    Nearly every page behind the login holds people's names, emails and
    phones, as do the exports: neither the browser's disk cache, its
    back-forward cache nor a shared proxy may keep them after the session
    ends. One rule here rather than a decorator on each view, so that a new
    page cannot forget it. A view that sets Cache-Control itself (a site
    photo, which holds no personal data) keeps what it set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


def stamp_session(sender, request, user, **kwargs):
    """At sign-in (``user_logged_in``): the session's lifetime starts now."""
    now = int(time.time())
    request.session["lifetime_started"] = request.session["lifetime_seen"] = now


class SessionLifetimeMiddleware:
    """End a signed-in session left idle for ``SESSION_IDLE_SECONDS``, or older than ``SESSION_MAX_SECONDS``.

    The session is stamped at sign-in with when it started and when it was
    last used; the last use is written at most once a minute, so browsing does
    not write the session table on every request. The next page after an
    expiry asks the person to sign in again.
    """

    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            # A session signed in before the stamps existed starts its lifetime now.
            started = session.setdefault("lifetime_started", now)
            seen = session.setdefault("lifetime_seen", now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, _("Votre session a expiré : connectez-vous de nouveau."))
            elif now - seen >= self.TOUCH_EVERY:
                session["lifetime_seen"] = now
        return self.get_response(request)
