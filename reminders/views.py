from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from accounts.models import Profile, calendar_token_digest, is_calendar_token
from accounts.roles import user_role

from .feeds import calendar_for


@require_GET
def calendar_feed(request, token):
    """No login: calendar applications cannot log in, the secret token is the key."""
    if not is_calendar_token(token):
        raise Http404
    profile = (
        Profile.objects.select_related("user")
        .filter(calendar_token_hash=calendar_token_digest(token), user__is_active=True)
        .first()
    )
    # An account left with no role (someone who left the agency) gets nothing, even with its old address.
    if profile is None or user_role(profile.user) is None:
        raise Http404
    response = HttpResponse(calendar_for(profile.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lozdev.ics"'
    # The address is the secret: keep it out of shared caches and referrers.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
