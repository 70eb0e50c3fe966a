from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.web import check_upload_size

from .sirene import header_problem


class LoadForm(forms.Form):
    file = forms.FileField(
        label=_("Extrait SIRENE (CSV ou zip)"),
        help_text=_(
            "Un extrait géo-SIRENE d'un département, ou un extrait d'établissements aux colonnes INSEE ; "
            "le fichier national se charge sur le serveur (manage.py sirene_load)."
        ),
        error_messages={"required": _("Choisissez un fichier."), "empty": _("Le fichier est vide.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload.size)
        if not upload.name.lower().endswith((".csv", ".zip")):
            raise ValidationError(_("Envoyez un fichier .csv ou .zip."))
        problem = header_problem(upload, upload.name)
        if problem:
            raise ValidationError(problem)
        return upload
