from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.util import random_hex

from core.web import next_url

from . import two_factor
from .forms import ApiTokenForm, PreferencesForm, TwoFactorCodeForm
from .models import ApiToken
from .roles import any_role_required
from .selectors import api_tokens_of, profile_for
from .services import (
    api_token_create,
    api_token_revoke,
    calendar_token_renew,
    calendar_token_revoke,
    profile_update_preferences,
    recovery_codes_regenerate,
    two_factor_check,
    two_factor_disable,
    two_factor_enable,
)

# The session key holding a new feed address until the profile page shows it.
NEW_FEED_URL_KEY = "new_calendar_feed_url"
# Where a new API token waits, in the server-side session, for the one page that shows it.
NEW_API_TOKEN_KEY = "accounts.new_api_token"


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a GET must not log anyone out."""


@any_role_required
def profile(request):
    """The user's own page: language of emails, daily digest, calendar feed, second factor."""
    profile = profile_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            profile_update_preferences(user=request.user, **form.cleaned_data)
            messages.success(request, _("Vos préférences sont enregistrées."))
            return redirect("accounts:profile")
    else:
        form = PreferencesForm(
            initial={
                "language": profile.language,
                "digest_enabled": profile.digest_enabled,
                "digest_time": profile.digest_time,
            }
        )
    # Shown once, on the page that follows its creation: only its digest is stored.
    feed_url = request.session.pop(NEW_FEED_URL_KEY, "") if profile.calendar_token_hash else ""
    context = {
        "form": form,
        "profile": profile,
        "feed_url": feed_url,
        "has_feed": profile.calendar_token_hash is not None,
        "two_factor_device": two_factor.confirmed_totp_device(request.user),
        "two_factor_required": two_factor.two_factor_required(request.user),
        "token_form": ApiTokenForm(),
        "api_tokens": api_tokens_of(request.user),
        # Shown on this one page, then forgotten: only its hash is kept.
        "new_api_token": request.session.pop(NEW_API_TOKEN_KEY, None),
    }
    return render(request, "accounts/profile.html", context)


@any_role_required
@require_POST
def profile_calendar(request):
    """Create, renew or revoke the secret address of the user's calendar feed."""
    action = request.POST.get("action")
    if action == "renew":
        had_one = profile_for(request.user).calendar_token_hash is not None
        token = calendar_token_renew(user=request.user)
        request.session[NEW_FEED_URL_KEY] = settings.SITE_URL + reverse("reminders:calendar_feed", args=[token])
        if had_one:
            messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
        else:
            messages.success(request, _("Adresse du calendrier créée."))
    elif action == "revoke":
        try:
            calendar_token_revoke(user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            request.session.pop(NEW_FEED_URL_KEY, None)
            messages.success(request, _("Adresse révoquée : les calendriers abonnés ne recevront plus rien."))
    else:
        return HttpResponseBadRequest(_("Action inconnue."))
    return redirect("accounts:profile")


def _after_second_factor(request):
    return next_url(request, reverse(settings.LOGIN_REDIRECT_URL))


def _mark_verified(request, device):
    # A new session key once the second factor is passed, as at sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[two_factor.SESSION_HAS_DEVICE] = True


@never_cache
@login_required
def two_factor_setup(request):
    """Set up the authenticator application: QR code and key, then a code to confirm it."""
    if two_factor.confirmed_totp_device(request.user) is not None:
        messages.info(request, _("La double authentification est déjà activée sur votre compte."))
        return redirect(_after_second_factor(request))
    hex_key = request.session.get(two_factor.SESSION_SETUP_KEY)
    if hex_key is None:
        hex_key = request.session[two_factor.SESSION_SETUP_KEY] = random_hex(20)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor_enable(user=request.user, hex_key=hex_key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _mark_verified(request, device)
            del request.session[two_factor.SESSION_SETUP_KEY]
            request.session[two_factor.SESSION_NEW_CODES] = codes
            messages.success(request, _("La double authentification est activée."))
            return redirect(
                reverse("accounts:two_factor_codes") + "?" + urlencode({"next": _after_second_factor(request)})
            )
    context = {
        "form": form,
        "qr_svg": mark_safe(two_factor.qr_svg(two_factor.otpauth_url(user=request.user, hex_key=hex_key))),  # noqa: S308  (our own SVG)
        "secret": two_factor.secret_for_display(hex_key),
        "required": two_factor.two_factor_required(request.user),
        "next": _after_second_factor(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the application, or a recovery code."""
    if request.user.is_verified():
        return redirect(_after_second_factor(request))
    if two_factor.confirmed_totp_device(request.user) is None:
        # Reset by an administrator since sign-in, or never set up.
        request.session[two_factor.SESSION_HAS_DEVICE] = False
        if two_factor.two_factor_required(request.user):
            return redirect(
                reverse("accounts:two_factor_setup") + "?" + urlencode({"next": _after_second_factor(request)})
            )
        return redirect(_after_second_factor(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_check(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("Code de secours accepté : il ne servira plus. Codes restants : %(count)d.")
                    % {"count": device.token_set.count()},
                )
            return redirect(_after_second_factor(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _after_second_factor(request)})


@never_cache
@login_required
def two_factor_codes(request):
    """The recovery codes just made, shown once: the page forgets them as it shows them."""
    codes = request.session.pop(two_factor.SESSION_NEW_CODES, None)
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _after_second_factor(request)})


@any_role_required
@require_POST
def profile_two_factor(request):
    """New recovery codes, or the second factor turned off, each after a code."""
    action = request.POST.get("action")
    if action not in ("regenerate", "disable"):
        return HttpResponseBadRequest(_("Action inconnue."))
    if two_factor.confirmed_totp_device(request.user) is None:
        messages.error(request, _("La double authentification n'est pas activée sur votre compte."))
        return redirect("accounts:profile")
    form = TwoFactorCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["code"][0])
        return redirect("accounts:profile")
    try:
        if action == "regenerate":
            codes = recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])
        else:
            two_factor_disable(user=request.user, code=form.cleaned_data["code"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("accounts:profile")
    if action == "regenerate":
        request.session[two_factor.SESSION_NEW_CODES] = codes
        messages.success(request, _("Nouveaux codes de secours : les anciens ne fonctionnent plus."))
        return redirect(reverse("accounts:two_factor_codes") + "?" + urlencode({"next": reverse("accounts:profile")}))
    request.session[two_factor.SESSION_HAS_DEVICE] = False
    messages.success(request, _("La double authentification est désactivée."))
    return redirect("accounts:profile")


@any_role_required
@require_POST
def profile_api_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["name"][0])
        return redirect("accounts:profile")
    _token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])
    request.session[NEW_API_TOKEN_KEY] = raw
    messages.success(request, _("Jeton créé : copiez-le maintenant, il ne sera plus affiché."))
    return redirect("accounts:profile")


@any_role_required
@require_POST
def profile_api_token_revoke(request, pk):
    # Someone else's token is refused by the service, with a message, as an unknown one is by a 404.
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        api_token_revoke(token=token, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Jeton révoqué : il ne donne plus accès à l'API."))
    return redirect("accounts:profile")
