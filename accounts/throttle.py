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
account's password from many addresses is slowed by the per-address limits
and stopped by the password rules (ten characters, no common password).

axes keeps one limit and counts, for each combination of
``AXES_LOCKOUT_PARAMETERS``, the failures that match it; this handler reads
the two counts against their own limits. Its settings must therefore be the
pair first, then the address alone.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        pair_attempts, address_attempts = self.get_user_attempts(request, credentials)
        pair = _failures(pair_attempts)
        if _failures(address_attempts) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # Reported as the pair's limit reached: axes then locks the request.
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials=None):
        """A successful sign-in clears that username's failures from that address, not others' from it."""
        pair_attempts, _address_attempts = self.filter_user_attempts(request, credentials)
        count, _ = pair_attempts.delete()
        return count
