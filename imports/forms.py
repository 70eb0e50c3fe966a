from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.roles import GROUP_NAMES, Role
from core.forms import PersonChoiceField
from core.web import check_upload_size

from .parsing import ImportFileError, recognise_upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Le modèle lozdev ou un extrait SIRENE / géo-SIRENE ; séparateur virgule ou point-virgule."),
        error_messages={"required": _("Choisissez un fichier."), "empty": _("Le fichier est vide.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=100,
        help_text=_("Notée sur chaque entreprise importée, ex. « SIRENE Lozère 2012 »."),
        error_messages={"required": _("Indiquez la source de cette liste.")},
    )
    owner = PersonChoiceField(
        label=_("Responsable des entreprises"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— personne —"),
    )
    all_or_nothing = forms.BooleanField(
        label=_("Tout ou rien"),
        required=False,
        help_text=_("Si une ligne est en erreur, rien n'est importé."),
    )
    include_duplicates = forms.BooleanField(
        label=_("Créer aussi les doublons probables"),
        required=False,
        help_text=_("Sinon, les lignes qui ressemblent à une entreprise existante sont laissées de côté."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[GROUP_NAMES[Role.MISSION], GROUP_NAMES[Role.DIRECTION]])
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        if not self.is_bound:
            self.initial.setdefault(
                "source", _("Import du %(date)s") % {"date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload.size)
        try:
            recognise_upload(upload, upload.name)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        finally:
            upload.seek(0)
        return upload
