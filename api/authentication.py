"""``Authorization: Bearer <token>``: a personal API token (accounts.ApiToken) stands for its owner.

DRF sets the user it authenticates on the underlying Django request too, so
django-simple-history's HistoryRequestMiddleware, which holds that request,
records every write with the token's owner.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.selectors import api_token_for
from accounts.services import api_token_mark_used


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("L'en-tête Authorization doit être « Bearer <jeton> »."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Jeton inconnu ou révoqué.")) from None
        token = api_token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton inconnu ou révoqué."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ce compte est désactivé."))
        api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Bearer realm="api"'
