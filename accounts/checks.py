from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def two_factor_is_required(app_configs, **kwargs):
    """Production with the second factor optional for everyone: only right behind a proxy that asks for one."""
    if settings.OTP_REQUIRED:
        return []
    return [
        checks.Warning(
            "OTP_REQUIRED is off: Direction and administrators sign in with a password alone.",
            hint="Leave OTP_REQUIRED unset unless the proxy in front already asks for a second factor.",
            id="accounts.W001",
        )
    ]
