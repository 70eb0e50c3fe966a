import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.selectors import staff_users
from core.forms import PeopleChoiceField, PersonChoiceField, RecordsChoiceField, loose_number_formfield
from core.identifiers import normalize_siret, validate_siret
from prospects.forms import check_objection_named, objection_confirm_field
from prospects.models import Company, CompanyStage, Contact, LeadGrade, Sector, WorkforceBand

from .models import Appearance, Scope, TradeShow

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LOZERE = "48"


class AppearanceForm(forms.ModelForm):
    """An appearance; a show not yet known can be created from here."""

    trade_show = forms.ModelChoiceField(
        label=_("Salon"), queryset=TradeShow.objects.all(), required=False, empty_label=_("— nouveau salon —")
    )
    new_show_name = forms.CharField(label=_("Nom du nouveau salon"), max_length=150, required=False)
    new_show_scope = forms.ChoiceField(label=_("Portée"), choices=Scope.choices, initial=Scope.NATIONAL)
    new_show_sectors = RecordsChoiceField(
        label=_("Secteurs du salon"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    staff = PeopleChoiceField(
        label=_("Équipe sur place"), queryset=staff_users(), required=False, widget=forms.CheckboxSelectMultiple
    )
    # The partners exhibiting with the agency are local firms.
    partner_companies = RecordsChoiceField(
        label=_("Entreprises partenaires exposantes (Lozère)"),
        queryset=Company.objects.filter(department=LOZERE).order_by("sort_name", "pk"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Ctrl ou ⌘ + clic pour en choisir plusieurs."),
    )

    class Meta:
        model = Appearance
        formfield_callback = loose_number_formfield
        fields = [
            "trade_show",
            "starts_on",
            "ends_on",
            "city",
            "venue",
            "stand",
            "staff",
            "partner_companies",
            "cost",
            "meetings_target",
            "objectives",
            "notes",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("new_show_name", "new_show_scope", "new_show_sectors"):
                del self.fields[name]
            self.fields["trade_show"].required = True
            self.fields["trade_show"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("trade_show") and "new_show_name" in self.fields:
            name = (cleaned.get("new_show_name") or "").strip()
            if not name:
                self.add_error("new_show_name", _("Choisissez un salon ou donnez le nom du nouveau."))
            elif TradeShow.objects.filter(name__iexact=name).exists():
                self.add_error("new_show_name", _("Ce salon existe déjà : choisissez-le dans la liste."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin ne peut pas précéder la date de début."))
        return cleaned

    def _post_clean(self):
        # The service checks the model and its constraints, with the trade show
        # that may not exist yet; the form only checks what was typed.
        pass

    def new_trade_show(self):
        data = self.cleaned_data
        if data.get("trade_show") or not data.get("new_show_name"):
            return None
        return {"name": data["new_show_name"], "scope": data["new_show_scope"], "sectors": data["new_show_sectors"]}

    def appearance_fields(self):
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("starts_on", "ends_on", "city", "venue", "stand", "cost", "meetings_target", "objectives")
        } | {"notes": data["notes"]}


def _assignee_field(field, user):
    """Colleagues who work the CRM, and the user (an administrator may have no role group)."""
    User = get_user_model()
    field.queryset = User.objects.filter(Q(pk__in=staff_users().values("pk")) | Q(pk=user.pk)).order_by(
        "first_name", "last_name", "username"
    )


class LeadCaptureForm(forms.Form):
    """One conversation at the stand: company, person, what was said, grade, follow-up."""

    company = forms.ModelChoiceField(queryset=Company.objects.all(), required=False, widget=forms.HiddenInput)
    # One per form shown: sent twice (a double tap, a resubmit), it makes one lead.
    capture_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    company_search = forms.CharField(
        label=_("Rechercher l'entreprise"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("Nom ou SIREN"), "role": "combobox"}
        ),
    )
    company_name = forms.CharField(label=_("Raison sociale"), max_length=200, required=False)
    company_city = forms.CharField(label=_("Commune"), max_length=100, required=False)
    company_postcode = forms.CharField(
        label=_("Code postal"), max_length=5, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    company_sector = forms.ModelChoiceField(
        label=_("Secteur"), queryset=Sector.objects.all(), required=False, empty_label=_("— choisir —")
    )
    company_siret = forms.CharField(
        label=_("SIRET (facultatif)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    # Filled when an establishment of the SIRENE directory was chosen: what the register says of it.
    company_naf_code = forms.CharField(max_length=6, required=False, widget=forms.HiddenInput)
    company_address = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    company_workforce_band = forms.ChoiceField(
        choices=[("", ""), *WorkforceBand.choices], required=False, widget=forms.HiddenInput
    )
    company_website = forms.URLField(
        label=_("Site web (facultatif)"), max_length=200, required=False, assume_scheme="https"
    )
    confirm_new_company = forms.BooleanField(
        label=_("Ce n'est aucune d'elles : créer la nouvelle entreprise"), required=False
    )

    # One of the chosen company's people (the template lists them), or empty for someone new.
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.filter(anonymised_at__isnull=True), required=False, widget=forms.HiddenInput
    )
    confirm_new_person = forms.BooleanField(
        label=_("C'est quelqu'un d'autre : enregistrer la nouvelle personne"), required=False
    )
    person_first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    person_last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    person_job_title = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    person_email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    person_phone = forms.CharField(
        label=_("Téléphone"), max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )

    summary = forms.CharField(label=_("Ce qui a été dit"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm_objection = objection_confirm_field()
    lead_grade = forms.ChoiceField(label=_("Note"), choices=LeadGrade.choices, widget=forms.RadioSelect)
    met_on = forms.DateField(label=_("Rencontré le"), widget=DATE_WIDGET)

    assignee = PersonChoiceField(label=_("Relance par"), queryset=staff_users(), empty_label=None)
    due_on = forms.DateField(
        label=_("Relance le"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Vide : selon la note (A le jour ouvré suivant, B deux jours ouvrés, C une semaine, D aucune)."),
    )
    open_project = forms.BooleanField(label=_("Ouvrir un projet d'implantation"), required=False)
    project_title = forms.CharField(label=_("Intitulé du projet"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _assignee_field(self.fields["assignee"], user)

    def clean_company_siret(self):
        siret = normalize_siret(self.cleaned_data["company_siret"])
        if siret:
            validate_siret(siret)
        return siret

    def clean(self):
        cleaned = super().clean()
        check_objection_named(self, text=cleaned.get("summary", ""), company=cleaned.get("company"))
        if not cleaned.get("company") and "company" not in self.errors:
            missing = _("Obligatoire pour créer l'entreprise (ou choisissez-en une existante).")
            for name in ("company_name", "company_city", "company_sector"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, missing)
        contact, company = cleaned.get("contact"), cleaned.get("company")
        if contact and contact.company_id != getattr(company, "pk", None):
            self.add_error("contact", _("Cette personne ne fait pas partie de l'entreprise choisie."))
        if not contact and not cleaned.get("person_last_name") and "person_last_name" not in self.errors:
            self.add_error(
                "person_last_name", _("Obligatoire pour une nouvelle personne (ou choisissez-en une connue).")
            )
        return cleaned

    def new_company(self):
        data = self.cleaned_data
        return {
            "name": data["company_name"],
            "city": data["company_city"],
            "postcode": data["company_postcode"],
            "sector": data["company_sector"],
            "siret": data["company_siret"],
            "naf_code": data["company_naf_code"],
            "address": data["company_address"],
            "workforce_band": data["company_workforce_band"],
            "website": data["company_website"],
        }

    def person(self):
        data = self.cleaned_data
        return {name: data[f"person_{name}"] for name in ("first_name", "last_name", "job_title", "email", "phone")}

    def capture_fields(self):
        """The arguments of ``services.lead_capture`` but the appearance, the actor and the key."""
        data = self.cleaned_data
        return {
            "company": data["company"],
            "new_company": self.new_company(),
            "confirm_new_company": data["confirm_new_company"],
            "person": self.person(),
            "contact": data["contact"],
            "confirm_new_person": data["confirm_new_person"],
            **{
                name: data[name]
                for name in ("summary", "lead_grade", "met_on", "assignee", "due_on", "open_project", "project_title")
            },
        }


class MeetingPlanForm(forms.Form):
    due_on = forms.TypedChoiceField(label=_("Jour du rendez-vous"), coerce=lambda value: value)
    assignee = PersonChoiceField(label=_("Avec"), queryset=staff_users(), empty_label=None)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, appearance, user, **kwargs):
        super().__init__(*args, **kwargs)
        _assignee_field(self.fields["assignee"], user)
        days = appearance_days(appearance)
        self.fields["due_on"].choices = [
            (day.isoformat(), formats.date_format(day, "LONG_WEEKDAY_DATE_FORMAT")) for day in days
        ]
        self._days = {day.isoformat(): day for day in days}

    def clean_due_on(self):
        return self._days[self.cleaned_data["due_on"]]


class TargetFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False)
    stage = forms.ChoiceField(label=_("Étape"), required=False, choices=[("", _("Toutes"))] + CompanyStage.choices)


def appearance_days(appearance):
    count = (appearance.ends_on - appearance.starts_on).days + 1
    return [appearance.starts_on + datetime.timedelta(days=offset) for offset in range(count)]
