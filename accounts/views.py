from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm, PreferencesForm
from .models import ApiToken
from .roles import any_role_required
from .selectors import api_tokens_of, profile_for
from .services import (
    api_token_create,
    api_token_revoke,
    calendar_token_renew,
    calendar_token_revoke,
    profile_update_preferences,
)

# Where a new API token waits, in the server-side session, for the one page that shows it.
NEW_API_TOKEN_KEY = "accounts.new_api_token"


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a GET must not log anyone out."""


@any_role_required
def profile(request):
    """The user's own page: language of emails, daily digest, calendar feed."""
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
    feed_url = ""
    if profile.calendar_token:
        feed_url = settings.SITE_URL + reverse("reminders:calendar_feed", args=[profile.calendar_token])
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "profile": profile,
            "feed_url": feed_url,
            "token_form": ApiTokenForm(),
            "api_tokens": api_tokens_of(request.user),
            # Shown on this one page, then forgotten: only its hash is kept.
            "new_api_token": request.session.pop(NEW_API_TOKEN_KEY, None),
        },
    )


@any_role_required
@require_POST
def profile_calendar(request):
    """Create, renew or revoke the secret address of the user's calendar feed."""
    action = request.POST.get("action")
    if action == "renew":
        had_one = profile_for(request.user).calendar_token is not None
        calendar_token_renew(user=request.user)
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
            messages.success(request, _("Adresse révoquée : les calendriers abonnés ne recevront plus rien."))
    else:
        return HttpResponseBadRequest(_("Action inconnue."))
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
