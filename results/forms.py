from django import forms
from django.utils.translation import gettext_lazy as _


class YearTargetForm(forms.Form):
    implantations_target = forms.IntegerField(
        label=_("Objectif d'implantations"),
        min_value=0,
        max_value=10000,
        error_messages={"required": _("Indiquez l'objectif d'implantations.")},
    )
    projects_target = forms.IntegerField(
        label=_("Objectif de projets accompagnés"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Facultatif."),
    )
