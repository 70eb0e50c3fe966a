import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from events.forms import LeadCaptureForm
from events.services import ProbableDuplicates, lead_capture
from prospects.models import Company, Contact, FollowUp, Interaction, InteractionKind, Project, Sector
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, ContactFactory, make_siret

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def sial():
    return AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25), city="Paris")


def _counts():
    return (
        Company.objects.count(),
        Contact.objects.count(),
        Interaction.objects.count(),
        FollowUp.objects.count(),
        Project.objects.count(),
    )


def test_a_new_company_with_its_person_lead_and_followup(sial, mission):
    lead = lead_capture(
        appearance=sial,
        actor=mission,
        new_company={
            "name": "Fromagerie des Causses",
            "city": "Rodez",
            "postcode": "12000",
            "sector": Sector.objects.get(slug="agroalimentaire"),
        },
        person={
            "first_name": "Anne",
            "last_name": "Vidal",
            "job_title": "Directrice",
            "email": "a.vidal@causses.fr",
            "phone": "",
        },
        summary="Cherche 2 000 m² frigorifiques près de l'A75.",
        lead_grade="A",
        met_on=D(2012, 10, 24),
        open_project=True,
    )
    company = Company.objects.get(name="Fromagerie des Causses")
    assert lead.company_created and lead.company == company
    assert company.department == "12" and company.owner == mission
    assert company.contacts.get().email == "a.vidal@causses.fr"
    interaction = Interaction.objects.get()
    assert interaction.kind == InteractionKind.STAND and interaction.appearance == sial
    assert interaction.lead_grade == "A" and list(interaction.contacts.all()) == [lead.contact]
    followup = FollowUp.objects.get()
    assert followup.due_on == D(2012, 10, 25)  # A: the next working day
    assert followup.assignee == mission and followup.interaction == interaction
    project = Project.objects.get()
    assert project.origin_appearance == sial and project.company == company and followup.project == project
    assert project.opened_on == D(2012, 10, 24)


def test_an_existing_company_and_its_picked_person_are_reused(sial, mission, teammate):
    company = CompanyFactory(name="Charcuteries de l'Aubrac", naf_code="10.13A")
    person = ContactFactory(
        company=company, first_name="Paul", last_name="Rouvière", email="p.rouviere@aubrac.fr", phone=""
    )
    lead = lead_capture(
        appearance=sial,
        actor=mission,
        company=company,
        contact=person,
        person={"first_name": "", "last_name": "", "job_title": "", "email": "", "phone": "06 11 22 33 44"},
        summary="Projet de séchoir.",
        lead_grade="B",
        met_on=D(2012, 10, 25),
        assignee=teammate,
    )
    assert not lead.company_created
    assert Company.objects.count() == 1 and Contact.objects.count() == 1
    person.refresh_from_db()
    assert lead.contact == person and person.phone == "06 11 22 33 44"
    followup = FollowUp.objects.get()
    assert followup.due_on == D(2012, 10, 29)  # B: two working days, over the weekend
    assert followup.assignee == teammate and followup.assigned_by == mission


def test_a_d_lead_gets_no_followup_unless_a_date_is_given(sial, mission):
    company = CompanyFactory()
    lead_capture(
        appearance=sial, actor=mission, company=company, summary="Curieux.", lead_grade="D", met_on=D(2012, 10, 22)
    )
    assert not FollowUp.objects.exists()
    lead_capture(
        appearance=sial,
        actor=mission,
        company=company,
        summary="Rappeler en janvier.",
        lead_grade="D",
        met_on=D(2012, 10, 22),
        due_on=D(2013, 1, 7),
    )
    assert FollowUp.objects.get().due_on == D(2013, 1, 7)


def test_a_probable_duplicate_stops_the_creation_until_confirmed(sial, mission):
    existing = CompanyFactory(
        name="Salaisons du Velay SAS", postcode="43000", city="Le Puy-en-Velay", naf_code="10.13A"
    )
    before = _counts()
    arguments = {
        "appearance": sial,
        "actor": mission,
        "new_company": {"name": "Salaisons du Velay", "city": "Le Puy-en-Velay", "postcode": "43000", "sector": None},
        "person": {"first_name": "", "last_name": "Martin", "job_title": "", "email": "", "phone": ""},
        "summary": "Rencontre rapide.",
        "lead_grade": "C",
    }
    with pytest.raises(ProbableDuplicates) as raised:
        lead_capture(**arguments)
    assert raised.value.companies == [existing]
    assert _counts() == before

    lead_capture(**arguments, confirm_new_company=True)
    assert Company.objects.filter(normalized_name="salaisons du velay").count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"new_company": {"name": "Biscuiterie X", "city": "Mende", "postcode": "48000", "siret": "12345678901234"}},
            "company_siret",
        ),
        ({"new_company": {"name": "Biscuiterie X", "city": "Nulle part", "postcode": "99999"}}, "company_postcode"),
        ({"person": {"last_name": "Durand", "email": "pas-un-email"}}, "person_email"),
        ({"person": {"first_name": "Jean", "last_name": ""}}, "person_last_name"),
        ({"lead_grade": "Z"}, "lead_grade"),
        ({"met_on": D(2012, 12, 1)}, "met_on"),
    ],
)
def test_bad_input_writes_nothing(sial, mission, changes, field):
    arguments = {
        "appearance": sial,
        "actor": mission,
        "new_company": {"name": "Biscuiterie X", "city": "Mende", "postcode": "48000", "siret": make_siret()},
        "person": {"last_name": "Durand"},
        "summary": "Veut visiter la zone du Causse d'Auge.",
        "lead_grade": "A",
        "open_project": True,
    }
    arguments.update(changes)
    before = _counts()
    with pytest.raises(ValidationError) as raised:
        lead_capture(**arguments)
    assert field in raised.value.message_dict
    assert _counts() == before


def test_an_error_after_the_company_was_created_rolls_everything_back(sial, mission):
    before = _counts()
    with pytest.raises(ValidationError):
        lead_capture(
            appearance=sial,
            actor=mission,
            new_company={"name": "Laiterie Nouvelle", "city": "Mende", "postcode": "48000"},
            person={"last_name": "Durand", "email": "faux"},
            summary="…",
            lead_grade="A",
        )
    assert _counts() == before


def test_the_default_followup_date_skips_ascension_and_the_weekend(mission):
    appearance = AppearanceFactory(starts_on=D(2012, 5, 16), ends_on=D(2012, 5, 18), city="Lyon")
    company = CompanyFactory()
    # Wednesday 16 May 2012, the day before Ascension Thursday.
    with time_machine.travel(datetime.datetime(2012, 5, 16, 16, 0, tzinfo=datetime.UTC), tick=False):
        hot = lead_capture(appearance=appearance, actor=mission, company=company, summary="A", lead_grade="A")
        warm = lead_capture(appearance=appearance, actor=mission, company=company, summary="B", lead_grade="B")
        cool = lead_capture(appearance=appearance, actor=mission, company=company, summary="C", lead_grade="C")
    assert hot.interaction.occurred_at.date() == D(2012, 5, 16)
    assert hot.followup.due_on == D(2012, 5, 18)  # Friday: Thursday is Ascension
    assert warm.followup.due_on == D(2012, 5, 21)  # Monday, after the weekend
    assert cool.followup.due_on == D(2012, 5, 23)  # one week later


def test_the_form_asks_for_at_most_ten_required_inputs(mission):
    form = LeadCaptureForm(user=mission)
    always = [name for name, field in form.fields.items() if field.required]
    # A new company also needs its name, city and sector.
    assert len(always) + 3 <= 10
