"""Request helpers the apps share: where to send the user back, how large an upload may be."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def local_url(request, target, fallback):
    """``target`` if it is an address on this site (a "next" parameter, a referer), else ``fallback``.

    Only a path ("/…") or a full address qualifies: a bare word such as "-1"
    would be taken by ``redirect()`` for a view name and fail.
    """
    if (
        target
        and target.startswith(("/", "http://", "https://"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback


def next_url(request, fallback):
    """The "next" parameter of a POST or a GET if it is on this site, else ``fallback``."""
    return local_url(request, request.POST.get("next") or request.GET.get("next"), fallback)


def query_without(request, *names):
    """The request's query string without the parameters ``names`` (a page number, an export format)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def upload_max_mb():
    """UPLOAD_MAX_BYTES in megabytes, as the messages state it."""
    return round(settings.UPLOAD_MAX_BYTES / (1024 * 1024), 1)


def check_upload_size(size):
    """Refuse a file larger than UPLOAD_MAX_BYTES (what reaches a form or a service past the 413 middleware)."""
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Ce fichier dépasse la taille maximale acceptée (%(size)s Mo).") % {"size": upload_max_mb()}
        )


def client_ip(request):
    """The address of the person at the keyboard, for login throttling.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending the address
    it saw to X-Forwarded-For, the client is the entry the outermost of ours
    appended: counted from the right, so addresses a client puts in the header
    itself are never believed. Without proxies, REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        entries = [entry.strip() for entry in request.headers.get("x-forwarded-for", "").split(",") if entry.strip()]
        if len(entries) >= count:
            return entries[-count]
    return request.META.get("REMOTE_ADDR")
