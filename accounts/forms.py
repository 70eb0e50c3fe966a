from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.validators import single_line


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Langue des emails"), choices=settings.LANGUAGES)
    digest_enabled = forms.BooleanField(
        label=_("Recevoir chaque jour ouvré le récapitulatif de mes relances"),
        required=False,
        help_text=_(
            "Les relances du jour et celles en retard, en un seul email, du lundi au vendredi hors jours fériés."
        ),
    )
    digest_time = forms.TimeField(
        label=_("Heure du récapitulatif"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"],
        help_text=_("Heure de Paris, par pas de cinq minutes."),
        error_messages={"invalid": _("Saisissez une heure, par exemple 07:30."), "required": _("Indiquez une heure.")},
    )

    def clean_digest_time(self):
        value = self.cleaned_data["digest_time"]
        # The scan runs every five minutes: finer times would only look precise.
        if value.minute % 5 or value.second:
            raise forms.ValidationError(
                _("Choisissez une heure ronde à cinq minutes près, par exemple 07:30 ou 07:35.")
            )
        return value


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator application (or, where the page says so, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none", "autofocus": True}
        ),
        error_messages={"required": _("Saisissez le code.")},
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=80,
        help_text=_("À quoi il sert, par exemple « Tableau de bord du Conseil départemental »."),
        error_messages={"required": _("Donnez un nom au jeton."), "max_length": _("80 caractères au plus.")},
        validators=[single_line],
    )
