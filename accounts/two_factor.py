"""Who owes a second factor, and what a session still has to do about it.

The second factor is a TOTP application (django-otp's ``otp_totp``) with ten
single-use recovery codes (``otp_static``). Direction and every admin-site
user must use it when ``OTP_REQUIRED`` is on and ``OTP_DEMO_BYPASS`` off;
anyone else may turn it on, and is then asked for a code at each sign-in too.

Whether the user has a confirmed device is noted in the session at sign-in
(``note_device_at_login``), so that the pages of the many users without one
cost no query more; the flag changes only through this session's own setup or
removal, or through an admin's reset, which the verify page notices.
"""

import re
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role, user_role

SESSION_HAS_DEVICE = "two_factor_device"
SESSION_SETUP_KEY = "two_factor_setup_key"
SESSION_NEW_CODES = "two_factor_new_codes"

RECOVERY_CODE_COUNT = 10
TOTP_CODE_RE = re.compile(r"[0-9]{6}")
# What StaticToken.random_token makes: eight base32 characters, in lower case.
RECOVERY_CODE_RE = re.compile(r"[a-z2-7]{8}")

VERIFY, SETUP = "verify", "setup"


def two_factor_required(user):
    """Whether ``user`` must use a second factor: Direction and admin-site users, unless the settings say otherwise."""
    if not settings.OTP_REQUIRED or settings.OTP_DEMO_BYPASS:
        return False
    return user.is_staff or user.is_superuser or user_role(user) == Role.DIRECTION


def confirmed_totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def note_device_at_login(sender, request, user, **kwargs):
    """At sign-in (``user_logged_in``): whether this user will be asked for a code."""
    request.session[SESSION_HAS_DEVICE] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(request):
    """``VERIFY``, ``SETUP`` or None: what the signed-in, unverified user of ``request`` still owes."""
    has_device = request.session.get(SESSION_HAS_DEVICE)
    if has_device is None:
        # A session opened before this flag existed.
        has_device = request.session[SESSION_HAS_DEVICE] = confirmed_totp_device(request.user) is not None
    if has_device:
        return VERIFY
    if two_factor_required(request.user):
        return SETUP
    return None


def normalise_code(value):
    """A code as typed (« 123 456 », « ABCD-EFGH ») in the form the devices compare."""
    return re.sub(r"[\s-]", "", value or "").lower()


def totp_for_key(hex_key):
    return TOTP(unhexlify(hex_key.encode()), step=30, t0=0, digits=6, drift=0)


def otpauth_url(*, user, hex_key):
    """The otpauth:// address an authenticator application reads from the QR code."""
    return TOTPDevice(user=user, key=hex_key).config_url


def qr_svg(text):
    """The QR code of ``text`` as an SVG element (paths only: no style, nothing the CSP would refuse)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def secret_for_display(hex_key):
    """The key in base32 by groups of four, as authenticator applications ask it to be typed."""
    text = b32encode(unhexlify(hex_key.encode())).decode()
    return " ".join(text[index : index + 4] for index in range(0, len(text), 4))
