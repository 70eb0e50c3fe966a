"""Forms of the prospecting screens: they validate input; the services write.

Over 400 lines: one form per screen of the prospects app (companies, people,
exchanges, projects and their stages, follow-ups and their actions), which
share their widgets and person fields; each is short, and the views import
them from one place.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import staff_users
from core.forms import (
    LooseDecimalField,
    LooseIntegerField,
    PeopleChoiceField,
    PersonChoiceField,
    RecordsChoiceField,
    loose_number_formfield,
)
from core.identifiers import is_naf_code, normalize_naf, normalize_siren, normalize_siret
from core.phones import normalize_phone
from core.validators import single_line
from core.workdays import due_on_for_grade

from . import gdpr
from .models import (
    Company,
    Contact,
    FollowUp,
    Interaction,
    InteractionKind,
    LeadGrade,
    NafCode,
    Project,
    ProjectStage,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CompanyForm(forms.ModelForm):
    naf = forms.CharField(
        label=_("Code NAF"),
        required=False,
        max_length=8,
        help_text=_("Ex. 16.10A ; le secteur en découle si vous n'en choisissez pas."),
    )
    # Wider than the stored 14 digits: people paste "123 456 789 00012".
    siret = forms.CharField(
        label=_("SIRET"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    siren = forms.CharField(
        label=_("SIREN"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    owner = PersonChoiceField(label=_("Responsable"), queryset=staff_users(), required=False)

    field_order = ["name", "siret", "siren", "naf", "sector"]

    class Meta:
        model = Company
        fields = [
            "name",
            "siret",
            "siren",
            "sector",
            "workforce_band",
            "legal_form",
            "address",
            "postcode",
            "city",
            "website",
            "phone",
            "stage",
            "fit_score",
            "owner",
            "source",
            "do_not_contact",
            "notes",
        ]
        widgets = {
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"sector": _("Laisser vide pour le déduire du code NAF.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()
        if self.instance.pk:
            self.initial.setdefault("naf", self.instance.naf_code_id or "")
            if not self.instance.sector_set_manually:
                self.initial["sector"] = None

    def clean_siret(self):
        return normalize_siret(self.cleaned_data["siret"])

    def clean_siren(self):
        return normalize_siren(self.cleaned_data["siren"])

    def clean_naf(self):
        value = self.cleaned_data["naf"].strip()
        if not value:
            return None
        code = normalize_naf(value)
        if not is_naf_code(code):
            raise ValidationError(_("« %(code)s » n'est pas un code NAF (format attendu : 16.10A).") % {"code": value})
        try:
            return NafCode.objects.get(code=code)
        except NafCode.DoesNotExist:
            raise ValidationError(_("Le code NAF %(code)s n'existe pas.") % {"code": code}) from None

    def service_fields(self):
        """The keyword arguments for company_create / company_update."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["naf_code"] = self.cleaned_data["naf"]
        data["sector_set_manually"] = data["sector"] is not None
        return data


class CompanyCreateForm(CompanyForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Ce n'est aucune de ces entreprises : créer quand même"), required=False
    )


class OneLineEmailField(forms.EmailField):
    """An email address that refuses a line break anywhere, even at the end (where EmailField would strip it)."""

    def to_python(self, value):
        single_line(value)
        return super().to_python(value)


class ContactForm(forms.ModelForm):
    """A person at a company, as the company page adds and corrects them.

    No objection, erasure or departure here: the GDPR pages and the
    « a quitté l'entreprise » action own those.
    """

    email = OneLineEmailField(label=_("Email professionnel"), required=False, max_length=254)

    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "is_primary"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
        }
        help_texts = {"phone": _("Comme vous voulez : 06 12 34 56 78, 0612345678, +33 6 12 34 56 78…")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.has_left:
            # Someone who left cannot be the company's primary contact.
            del self.fields["is_primary"]

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields if name != "confirm_duplicate"}


class ContactCreateForm(ContactForm):
    confirm_duplicate = forms.BooleanField(label=_("C'est une autre personne : l'ajouter quand même"), required=False)


class ContactLeftForm(forms.Form):
    left_on = forms.DateField(label=_("A quitté l'entreprise le"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("left_on", timezone.localdate())

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise ValidationError(_("La date de départ ne peut pas être dans le futur."))
        return left_on


class InteractionContactsField(RecordsChoiceField):
    def label_from_instance(self, obj):
        if obj.has_left:
            return _("%(name)s (a quitté l'entreprise)") % {"name": obj.full_name}
        return obj.full_name


def objection_confirm_field():
    """The box confirming that a new exchange may name someone who objected (GDPR art. 21); hidden until needed."""
    return forms.BooleanField(
        label=_("Je confirme : cet échange peut nommer une personne opposée à la prospection."),
        required=False,
        widget=forms.HiddenInput,
    )


def check_objection_named(form, *, text, company):
    """Warn on ``form``'s summary and show the confirmation box when ``text`` names someone who objected."""
    if company is None or form.cleaned_data.get("confirm_objection"):
        return
    warning = gdpr.objection_warning(text, company)
    if warning:
        form.fields["confirm_objection"].widget = forms.CheckboxInput()
        form.objection_warned = True
        form.add_error("summary", warning)


class InteractionForm(forms.ModelForm):
    contacts = InteractionContactsField(
        label=_("Contacts"), queryset=Contact.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Interaction
        fields = ["occurred_at", "kind", "contacts", "appearance", "summary", "lead_grade"]
        widgets = {
            "occurred_at": DATETIME_INPUT,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        # The people there now; an exchange being corrected keeps those it named, gone or not.
        offered = Q(left_on__isnull=True, anonymised_at__isnull=True)
        if self.instance.pk:
            offered |= Q(pk__in=self.instance.contacts.values("pk"))
        self.fields["contacts"].queryset = company.contacts.filter(offered)
        if "appearance" in self.fields:
            self.fields["appearance"].queryset = self.fields["appearance"].queryset.select_related("trade_show")
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        self.company = company
        if not self.instance.pk:
            self.fields["confirm_objection"] = objection_confirm_field()

    def clean(self):
        cleaned = super().clean()
        if "confirm_objection" in self.fields:
            check_objection_named(self, text=cleaned.get("summary", ""), company=self.company)
        return cleaned

    def service_fields(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm_objection"}

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(_("Un échange ne peut pas avoir lieu dans le futur."))
        return occurred_at


class InteractionEditForm(InteractionForm):
    """Correcting an exchange: what was said, when, how, with whom, how hot; the show it was at stays."""

    class Meta(InteractionForm.Meta):
        fields = ["occurred_at", "kind", "contacts", "summary", "lead_grade"]


class FollowUpForm(forms.ModelForm):
    assignee = PersonChoiceField(label=_("Attribuée à"), queryset=staff_users())

    class Meta:
        model = FollowUp
        fields = ["title", "due_on", "assignee", "project", "notes"]
        widgets = {"due_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, company, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()
        self.fields["project"].queryset = Project.objects.visible_to(user).filter(company=company)
        self.fields["project"].label_from_instance = lambda project: project.display_name

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError(_("L'échéance ne peut pas être dans le passé."))
        return due_on


class ProjectForm(forms.ModelForm):
    owner = PersonChoiceField(label=_("Responsable"), queryset=staff_users(), required=False)
    team = PeopleChoiceField(
        label=_("Équipe"), queryset=staff_users(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        formfield_callback = loose_number_formfield
        fields = [
            "title",
            "code_name",
            "confidential",
            "sector",
            "opened_on",
            "owner",
            "team",
            "jobs_planned",
            "investment_planned",
            "building_m2",
            "land_m2",
            "fibre_needed",
            "max_interchange_km",
            "budget",
            "needed_by",
            "origin_appearance",
            "programme",
            "description",
        ]
        widgets = {
            "opened_on": DATE_INPUT,
            "needed_by": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()
        self.fields["team"].queryset = staff_users()
        self.fields["origin_appearance"].queryset = self.fields["origin_appearance"].queryset.select_related(
            "trade_show"
        )
        if not self.instance.pk:
            self.initial.setdefault("opened_on", timezone.localdate())

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "team"}
        data["team"] = list(self.cleaned_data["team"])
        return data


class ProjectNeedsForm(forms.ModelForm):
    """The team and the property needs, changed on the project page itself."""

    team = PeopleChoiceField(
        label=_("Équipe"), queryset=staff_users(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = ["team", "building_m2", "land_m2", "fibre_needed", "max_interchange_km", "budget", "needed_by"]
        widgets = {"needed_by": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = staff_users()

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "team"}
        data["team"] = list(self.cleaned_data["team"])
        return data


class ProjectStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Nouvelle étape"), choices=ProjectStage.choices)
    jobs_created = LooseIntegerField(label=_("Emplois créés"), min_value=0, required=False)
    investment_realised = LooseDecimalField(
        label=_("Investissement réalisé (€)"), min_value=0, max_digits=14, decimal_places=0, required=False
    )
    lost_reason = forms.CharField(
        label=_("Raison de l'échec"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(
        label=_("Date de décision"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Pour un projet implanté ou perdu ; aujourd'hui si vide."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if not self.is_bound:
            self.initial.update(
                stage=project.stage,
                jobs_created=project.jobs_created,
                investment_realised=project.investment_realised,
                lost_reason=project.lost_reason,
                decided_on=project.decided_on,
            )

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage == self.project.stage:
            self.add_error("stage", _("Le projet est déjà à cette étape."))
        if stage == ProjectStage.WON:
            for name in ("jobs_created", "investment_realised"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Obligatoire pour un projet implanté."))
        if stage == ProjectStage.LOST and not cleaned.get("lost_reason", "").strip():
            self.add_error("lost_reason", _("Indiquez pourquoi le projet a été perdu."))
        if cleaned.get("decided_on") and cleaned["decided_on"] > timezone.localdate():
            self.add_error("decided_on", _("La date de décision ne peut pas être dans le futur."))
        return cleaned

    def service_fields(self):
        stage = self.cleaned_data["stage"]
        fields = {}
        if stage == ProjectStage.WON:
            fields["jobs_created"] = self.cleaned_data["jobs_created"]
            fields["investment_realised"] = self.cleaned_data["investment_realised"]
        if stage == ProjectStage.LOST:
            fields["lost_reason"] = self.cleaned_data["lost_reason"].strip()
        if stage in (ProjectStage.WON, ProjectStage.LOST) and self.cleaned_data["decided_on"]:
            fields["decided_on"] = self.cleaned_data["decided_on"]
        return fields


class FollowUpSnoozeForm(forms.Form):
    DELAYS = {"1": 1, "7": 7}

    delay = forms.ChoiceField(
        label=_("Reporter"),
        choices=[("1", _("+1 jour")), ("7", _("+1 semaine")), ("date", _("À une date"))],
    )
    due_on = forms.DateField(label=_("Nouvelle échéance"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, followup, **kwargs):
        super().__init__(*args, **kwargs)
        self.followup_due_on = followup.due_on

    def clean(self):
        cleaned = super().clean()
        delay = cleaned.get("delay")
        if delay in self.DELAYS:
            # From today for an overdue follow-up: +1 day must not land in the past.
            base = max(self.followup_due_on, timezone.localdate())
            cleaned["new_due_on"] = base + datetime.timedelta(days=self.DELAYS[delay])
        elif delay == "date":
            due_on = cleaned.get("due_on")
            if due_on is None:
                if "due_on" not in self.errors:
                    self.add_error("due_on", _("Choisissez la nouvelle date."))
            elif due_on < timezone.localdate():
                self.add_error("due_on", _("La nouvelle échéance ne peut pas être dans le passé."))
            else:
                cleaned["new_due_on"] = due_on
        return cleaned


class FollowUpReassignForm(forms.Form):
    assignee = PersonChoiceField(label=_("Attribuer à"), queryset=staff_users())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()


class FollowUpBulkReassignForm(forms.Form):
    """Direction's list: the ticked follow-ups, or every one the list's filter finds, to one person."""

    followups = RecordsChoiceField(
        label=_("Relances cochées"),
        queryset=FollowUp.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Une des relances cochées n'est plus ouverte : rechargez la liste.")},
    )
    everything = forms.BooleanField(label=_("Toutes les relances de ce filtre"), required=False)
    # How many the list showed when "everything" was ticked: the move is refused if that has changed since.
    seen = forms.IntegerField(required=False, min_value=0)
    assignee = PersonChoiceField(
        label=_("À"),
        queryset=staff_users(),
        error_messages={"required": _("Choisissez la personne à qui confier les relances.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followups"].queryset = FollowUp.objects.open()
        self.fields["assignee"].queryset = staff_users()

    def clean(self):
        cleaned = super().clean()
        if "followups" in self.errors:
            return cleaned
        if not cleaned.get("everything") and not cleaned.get("followups"):
            raise ValidationError(_("Cochez au moins une relance, ou « toutes les relances de ce filtre »."))
        if cleaned.get("everything") and cleaned.get("seen") is None:
            raise ValidationError(_("Rechargez la liste avant de réattribuer toutes ses relances."))
        return cleaned


class FollowUpEditForm(forms.ModelForm):
    """A follow-up's title, notes, due date, project and person, from the follow-up itself."""

    assignee = PersonChoiceField(label=_("Attribuée à"), queryset=staff_users())

    class Meta:
        model = FollowUp
        fields = ["title", "due_on", "assignee", "project", "notes"]
        widgets = {"due_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()
        self.fields["project"].queryset = Project.objects.visible_to(user).filter(company=self.instance.company)
        self.fields["project"].label_from_instance = lambda project: project.display_name
        self.fields["project"].empty_label = _("— aucun projet")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        # A late follow-up may keep its date; a new one is never in the past.
        if due_on != self.initial.get("due_on") and due_on < timezone.localdate():
            raise ValidationError(_("L'échéance ne peut pas être dans le passé."))
        return due_on

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FollowUpCompleteForm(forms.Form):
    """Done, and what next: a short note logged as an exchange, and the next follow-up."""

    note = forms.CharField(
        label=_("Ce qui s'est dit"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif ; enregistré comme un échange avec l'entreprise."),
    )
    # Not required: an empty POST (the one-tap « Fait » of older pages) is a plain completion.
    kind = forms.ChoiceField(
        label=_("Type d'échange"), choices=InteractionKind.choices, initial=InteractionKind.PHONE, required=False
    )
    lead_grade = forms.ChoiceField(label=_("Appréciation"), choices=[("", "—"), *LeadGrade.choices], required=False)
    schedule_next = forms.BooleanField(label=_("Prévoir une prochaine relance"), required=False)
    next_title = forms.CharField(
        label=_("Objet de la prochaine relance"), max_length=200, required=False, validators=[single_line]
    )
    next_due_on = forms.DateField(label=_("Date de la prochaine relance"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, followup, grade="", **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # The dates each grade proposes (prospects.js follows the grade chosen); no grade: a week, as a C.
        self.proposed_dates = {key: due_on_for_grade(key, today) for key in LeadGrade.values}
        self.proposed_dates[""] = self.proposed_dates["C"]
        if grade in LeadGrade.values:
            # The grade is this exchange's, chosen afresh; the one before proposes the date.
            self.fields["lead_grade"].help_text = _("Lors de l'échange précédent : %(grade)s.") % {
                "grade": LeadGrade(grade).label
            }
        if not self.is_bound:
            # Ticked for a graded lead that calls for one (A to C); the date is there to tick otherwise.
            proposed = self.proposed_dates.get(grade) if grade else None
            self.initial.update(
                next_title=followup.title,
                schedule_next=proposed is not None,
                next_due_on=proposed or self.proposed_dates[""],
            )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lead_grade") or "") and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Notez ce qui s'est dit pour enregistrer l'appréciation du contact."))
        if not cleaned.get("schedule_next"):
            cleaned["next_due_on"] = None
            return cleaned
        if cleaned.get("next_due_on") is None and "next_due_on" not in self.errors:
            self.add_error("next_due_on", _("Choisissez la date de la prochaine relance."))
        elif cleaned.get("next_due_on") and cleaned["next_due_on"] < timezone.localdate():
            self.add_error("next_due_on", _("La prochaine relance ne peut pas être dans le passé."))
        if not (cleaned.get("next_title") or "").strip() and "next_title" not in self.errors:
            self.add_error("next_title", _("Donnez un objet à la prochaine relance."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {
            "note": data["note"],
            "kind": data["kind"],
            "lead_grade": data["lead_grade"],
            "next_due_on": data["next_due_on"],
            "next_title": data["next_title"],
        }
