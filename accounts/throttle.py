"""Login throttling: django-axes, with two limits instead of one.

- A username from one address: ``AXES_FAILURE_LIMIT`` failures (5) lock that
  pair for the cool-off. The address is the client's own (``core.web.client_ip``,
  behind ``TRUSTED_PROXY_COUNT`` proxies), so a stranger who types Direction's
  username five times locks only themselves: Direction, from any other
  address, signs in as usual.
- One address, whatever the usernames: ``AXES_ADDRESS_FAILURE_LIMIT`` failures
  (20) lock the address. This stops trying one common password on every
  account, while an office behind one public address can bear a colleague's
  typing mistakes.

There is deliberately no lock on the username alone: it would let anyone on
the Internet keep an account closed by typing its name. Guessing one
account's password from many addresses meets a delay instead, with no
captcha: past ``LOGIN_USERNAME_DELAY_AFTER`` failures for one username (all
addresses together, within the cool-off), each try must wait twice as long as
the last since the previous failure, up to ``LOGIN_USERNAME_DELAY_MAX_SECONDS``
(a minute). The owner waits at most that long; a botnet gets a few tries an
hour. The password rules (ten characters, no common password) do the rest.

axes keeps one limit and counts, for each combination of
``AXES_LOCKOUT_PARAMETERS``, the failures that match it; this handler reads
the two counts against their own limits. Its settings must therefore be the
pair first, then the address alone.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def username_wait_seconds(username, *, now=None):
    """Seconds before the next try for ``username`` is heard, whatever the address (0: at once)."""
    if not username:
        return 0
    totals = AccessAttempt.objects.filter(username=username).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    excess = (totals["failures"] or 0) - settings.LOGIN_USERNAME_DELAY_AFTER
    if excess < 0 or totals["last"] is None:
        return 0
    delay = min(2**excess, settings.LOGIN_USERNAME_DELAY_MAX_SECONDS)
    elapsed = ((now or timezone.now()) - totals["last"]).total_seconds()
    return max(0, math.ceil(delay - elapsed))


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        pair_attempts, address_attempts = self.get_user_attempts(request, credentials)
        pair = _failures(pair_attempts)
        # Reported as the pair's limit reached: axes then refuses the request.
        if _failures(address_attempts) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        wait = username_wait_seconds(get_client_username(request, credentials))
        if wait:
            # The lockout page tells how long; this try is not counted as a failure.
            request.login_wait_seconds = wait
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials=None):
        """A successful sign-in clears that username's failures from that address, not others' from it."""
        pair_attempts, _address_attempts = self.filter_user_attempts(request, credentials)
        count, _ = pair_attempts.delete()
        return count
