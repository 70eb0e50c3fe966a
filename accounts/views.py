from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import PreferencesForm
from .roles import any_role_required
from .selectors import profile_for
from .services import calendar_token_renew, calendar_token_revoke, profile_update_preferences

# The session key holding a new feed address until the profile page shows it.
NEW_FEED_URL_KEY = "new_calendar_feed_url"


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
    # Shown once, on the page that follows its creation: only its digest is stored.
    feed_url = request.session.pop(NEW_FEED_URL_KEY, "") if profile.calendar_token_hash else ""
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile": profile, "feed_url": feed_url, "has_feed": profile.calendar_token_hash is not None},
    )


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
