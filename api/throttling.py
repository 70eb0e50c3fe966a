from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken
from core.web import client_ip


class PerTokenRateThrottle(SimpleRateThrottle):
    """settings.API_RATE_LIMIT per token; per user for the session, per address for the public offer.

    The rate is read on every request rather than once at import, so that a
    changed setting applies without a restart of the test process.
    """

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            # Counted from the right of X-Forwarded-For, as login throttling does: a client cannot pick its address.
            ident = f"address:{client_ip(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
