from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor


class TwoFactorMiddleware:
    """Send a signed-in user who owes a second factor to it, from every page but ``OTP_EXEMPT_VIEWS``.

    To the code page when they have an authenticator application, else (when
    their role requires one) to its setup; the page they asked for comes back
    as ``next`` once done. The admin site is covered like any page. Only a
    session user is concerned: a request authenticated otherwise (an API
    token, the calendar feed's secret address) has no session user and goes on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = frozenset(settings.OTP_EXEMPT_VIEWS)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in self.exempt:
            return None
        step = two_factor.pending_step(request)
        if step is None:
            return None
        target = reverse("accounts:two_factor_verify" if step == two_factor.VERIFY else "accounts:two_factor_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
