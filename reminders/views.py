import re

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from accounts.models import Profile
from accounts.roles import user_role

from .feeds import calendar_for

# What accounts.models.new_calendar_token makes (URL-safe base64); anything
# else in the address is not a token and never reaches the database.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")


@require_GET
def calendar_feed(request, token):
    """No login: calendar applications cannot log in, the secret token is the key."""
    if not TOKEN_RE.fullmatch(token):
        raise Http404
    profile = Profile.objects.select_related("user").filter(calendar_token=token, user__is_active=True).first()
    # An account left with no role (someone who left the agency) gets nothing, even with its old address.
    if profile is None or user_role(profile.user) is None:
        raise Http404
    response = HttpResponse(calendar_for(profile.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lozdev.ics"'
    # The address is the secret: keep it out of shared caches and referrers.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
