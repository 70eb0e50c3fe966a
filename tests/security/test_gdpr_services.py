import datetime
import json
import zoneinfo

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder

from prospects import gdpr
from prospects.models import Contact, FollowUp, Interaction, RetentionNotice
from prospects.tasks import retention_anonymise_task
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


@pytest.fixture
def helene(mission):
    company = CompanyFactory(name="Scierie du Causse", notes="Hélène Fabre préfère les appels le matin.")
    return ContactFactory(
        company=company,
        first_name="Hélène",
        last_name="Fabre",
        email="h.fabre@scierie-causse.fr",
        phone="06 12 34 56 78",
        job_title="Directrice",
    )


def test_objection_is_recorded_once(helene, mission):
    with time_machine.travel(at(2012, 6, 7)):
        gdpr.contact_object(contact=helene, actor=mission)
    with time_machine.travel(at(2012, 7, 1)):
        gdpr.contact_object(contact=helene, actor=mission)
    helene.refresh_from_db()
    assert helene.objected
    assert helene.objected_at == at(2012, 6, 7)


def test_erasure_anonymises_the_person_and_the_text_about_them(helene, mission):
    other = ContactFactory(company=helene.company, first_name="Paul", last_name="Vidal", email="p.vidal@exemple.fr")
    named = InteractionFactory(
        company=helene.company,
        contacts=[helene],
        summary="Mme FABRE (h.fabre@scierie-causse.fr, +33 6 12 34 56 78) cherche 2 000 m². Helene Fabre rappellera.",
        logged_by=mission,
    )
    unrelated = InteractionFactory(company=helene.company, contacts=[other], summary="Paul Vidal, projet bois.")
    followup = FollowUpFactory(
        company=helene.company, title="Rappeler Hélène Fabre", notes="Tél. 0612345678", assignee=mission
    )
    project = ProjectFactory(company=helene.company, description="Porté par Mme Fabre.", owner=mission)

    gdpr.contact_erase(contact=helene, actor=mission)

    helene.refresh_from_db()
    assert (helene.first_name, helene.last_name, helene.email, helene.phone, helene.job_title) == (
        "",
        gdpr.ANONYMISED_NAME,
        "",
        "",
        "",
    )
    assert helene.anonymised_at is not None
    named.refresh_from_db()
    mention = gdpr.ANONYMISED_MENTION
    assert named.summary == f"Mme {mention} ({mention}, {mention}) cherche 2 000 m². {mention} rappellera."
    unrelated.refresh_from_db()
    assert unrelated.summary == "Paul Vidal, projet bois."
    followup.refresh_from_db()
    assert followup.title == f"Rappeler {gdpr.ANONYMISED_MENTION}"
    assert followup.notes == f"Tél. {gdpr.ANONYMISED_MENTION}"
    project.refresh_from_db()
    assert project.description == f"Porté par Mme {gdpr.ANONYMISED_MENTION}."
    helene.company.refresh_from_db()
    assert helene.company.notes.startswith(gdpr.ANONYMISED_MENTION)
    # Counts are kept: the person is still one of the company's contacts and
    # still linked to the interaction.
    assert Contact.objects.filter(company=helene.company).count() == 2
    assert list(named.contacts.all()) == [helene]
    assert Interaction.objects.filter(company=helene.company).count() == 2


def test_erasure_leaves_no_trace_in_the_audit_trail(helene, mission):
    from prospects import services

    services.contact_update(contact=helene, actor=mission, phone="04 66 00 00 00")
    followup = FollowUpFactory(company=helene.company, title="Rappeler Hélène Fabre", assignee=mission)
    services.company_update(company=helene.company, notes="Voir avec Mme Fabre")

    gdpr.contact_erase(contact=helene, actor=mission)

    dumped = json.dumps(
        [
            list(Contact.history.filter(id=helene.pk).values()),
            list(FollowUp.history.filter(id=followup.pk).values()),
            list(type(helene.company).history.filter(id=helene.company_id).values()),
        ],
        cls=DjangoJSONEncoder,
    ).lower()
    for trace in ["fabre", "scierie-causse", "06 12", "04 66", "directrice"]:
        assert trace not in dumped
    latest = Contact.history.filter(id=helene.pk).latest("history_date")
    assert latest.history_change_reason == gdpr.ERASURE_REASON
    assert latest.history_user == mission


def test_export_holds_everything_on_the_person(helene, mission):
    other = ContactFactory(company=helene.company, first_name="Paul", last_name="Vidal")
    InteractionFactory(company=helene.company, contacts=[helene], summary="Salon du bois : projet d'atelier.")
    InteractionFactory(company=helene.company, contacts=[other], summary="Appel de Paul : Mme Fabre absente.")
    InteractionFactory(company=helene.company, contacts=[other], summary="Paul seul, sujet fiscal.")
    FollowUpFactory(company=helene.company, title="Envoyer la plaquette à Hélène Fabre", assignee=mission)
    FollowUpFactory(company=helene.company, title="Relancer Paul", assignee=mission)
    ProjectFactory(company=helene.company, owner=mission, title="Scierie mobile", description="Suivi par Mme Fabre.")
    ProjectFactory(company=helene.company, owner=mission, title="Séchoir", description="Dossier de Paul.")

    data = json.loads(json.dumps(gdpr.contact_export(helene), cls=DjangoJSONEncoder))

    assert data["personne"]["email"] == "h.fabre@scierie-causse.fr"
    assert data["personne"]["telephone"] == "06 12 34 56 78"
    assert data["entreprise"]["raison_sociale"] == "Scierie du Causse"
    summaries = {item["resume"]: item["participant"] for item in data["echanges"]}
    assert summaries == {"Salon du bois : projet d'atelier.": True, "Appel de Paul : Mme Fabre absente.": False}
    assert [item["objet"] for item in data["relances"]] == ["Envoyer la plaquette à Hélène Fabre"]
    assert data["autres_mentions"] == [
        {"source": "Notes sur l'entreprise", "texte": "Hélène Fabre préfère les appels le matin."},
        {"source": "Projet Scierie mobile (description)", "texte": "Suivi par Mme Fabre."},
    ]
    assert data["historique_de_la_fiche"][0]["nom"] == "Fabre"
    assert data["conservation"]["signalee_pour_revue_le"] is None


def test_people_without_contact_for_three_years_are_listed_then_anonymised_after_30_days(mission):
    with time_machine.travel(at(2012, 3, 1)):
        stale = ContactFactory(last_name="Ancien")
        active = ContactFactory(last_name="Actif")
        InteractionFactory(company=stale.company, contacts=[stale], occurred_at=at(2012, 3, 1))
    # Active: a call naming them last year.
    InteractionFactory(company=active.company, contacts=[active], occurred_at=at(2014, 9, 1))

    with time_machine.travel(at(2015, 3, 2)):
        assert list(gdpr.contacts_past_retention()) == [stale]
        assert gdpr.with_last_interaction(gdpr.contacts_past_retention()).get().last_interaction_at == at(2012, 3, 1)
        result = retention_anonymise_task()
    assert result == {"anonymised": 0, "listed": 1}
    notice = RetentionNotice.objects.get()
    assert notice.contact == stale

    # 29 days later: still only listed.
    with time_machine.travel(at(2015, 3, 31)):
        assert [n.contact for n in gdpr.retention_due_within()] == [stale]
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 0}
    stale.refresh_from_db()
    assert stale.anonymised_at is None

    with time_machine.travel(at(2015, 4, 1, 14)):
        assert retention_anonymise_task() == {"anonymised": 1, "listed": 0}
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 0}
    stale.refresh_from_db()
    assert stale.last_name == gdpr.ANONYMISED_NAME
    assert stale.anonymised_at is not None
    assert Contact.history.filter(id=stale.pk).latest("history_date").history_change_reason == gdpr.RETENTION_REASON
    assert stale.interactions.count() == 1
    active.refresh_from_db()
    assert active.anonymised_at is None


def test_a_person_contacted_again_during_the_notice_is_kept(mission):
    with time_machine.travel(at(2012, 3, 1)):
        contact = ContactFactory(last_name="Revenu")
    with time_machine.travel(at(2015, 3, 2)):
        retention_anonymise_task()
    assert RetentionNotice.objects.filter(contact=contact).exists()
    InteractionFactory(company=contact.company, contacts=[contact], occurred_at=at(2015, 3, 20))
    with time_machine.travel(at(2015, 4, 15)):
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 0}
    contact.refresh_from_db()
    assert contact.anonymised_at is None
    assert not RetentionNotice.objects.filter(contact=contact).exists()


def test_the_task_is_in_the_beat_schedule(settings):
    from lozdev.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["gdpr-retention"]
    assert entry["task"] == retention_anonymise_task.name
    assert retention_anonymise_task.name in app.tasks


def test_a_large_backlog_is_anonymised_in_batches_that_queue_the_next(
    mission, monkeypatch, django_capture_on_commit_callbacks
):
    from lozdev.celery import app
    from prospects import tasks

    with time_machine.travel(at(2012, 3, 1)):
        people = [ContactFactory(last_name=f"Ancien{i}") for i in range(5)]
    with time_machine.travel(at(2015, 3, 2)):
        retention_anonymise_task()
    monkeypatch.setattr(tasks, "ANONYMISE_BATCH", 2)
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with time_machine.travel(at(2015, 4, 15)):
        assert gdpr.retention_anonymise(limit=2) == 2
        assert gdpr.contacts_due_for_anonymisation().count() == 3
        # The task queues the next batch, by name, once its own work is committed: run it here.
        monkeypatch.setattr(app, "send_task", lambda name, args: app.tasks[name](*args))
        with django_capture_on_commit_callbacks(execute=True):
            retention_anonymise_task.delay()
    assert Contact.objects.filter(pk__in=[p.pk for p in people], anonymised_at__isnull=False).count() == 5


def test_an_exchange_naming_nobody_keeps_no_one_and_each_person_has_their_own_clock(mission):
    with time_machine.travel(at(2012, 3, 1)):
        company = CompanyFactory(name="Menuiserie du Lot")
        named = ContactFactory(company=company, last_name="Nommée")
        colleague = ContactFactory(company=company, last_name="Collègue")
    # Every other year the switchboard is called, naming nobody; one call names Nommée.
    for year in (2013, 2014, 2015):
        InteractionFactory(company=company, contacts=[], occurred_at=at(year, 6, 1))
    InteractionFactory(company=company, contacts=[named], occurred_at=at(2014, 6, 1))

    with time_machine.travel(at(2015, 3, 2)):
        assert list(gdpr.contacts_past_retention()) == [colleague]
        assert gdpr.contact_last_interaction_at(colleague) is None
        assert gdpr.contact_last_interaction_at(named) == at(2014, 6, 1)
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 1}
    with time_machine.travel(at(2015, 4, 2)):
        assert retention_anonymise_task() == {"anonymised": 1, "listed": 0}
    colleague.refresh_from_db()
    named.refresh_from_db()
    assert colleague.last_name == gdpr.ANONYMISED_NAME and named.anonymised_at is None
    # Nommée's own clock runs from the exchange that named her.
    with time_machine.travel(at(2017, 6, 2)):
        assert list(gdpr.contacts_past_retention()) == [named]


def test_a_sole_trader_is_reviewed_and_anonymised_by_the_same_rule(mission, direction_client):
    from django.urls import reverse

    from prospects.models import Company, LegalForm

    with time_machine.travel(at(2012, 3, 1)):
        trader = CompanyFactory(
            name="Jean Dupont",
            legal_form=LegalForm.SOLE_TRADER,
            siret="73282932000074",
            address="3 chemin des Fayards",
            phone="04 66 00 11 22",
            notes="M. Dupont, menuisier.",
        )
        kept_trader = CompanyFactory(name="Paul Martin", legal_form=LegalForm.SOLE_TRADER)
        society = CompanyFactory(name="Scierie SAS", legal_form=LegalForm.SAS)
    # Any exchange with the trader's business is one with the person, named or not.
    InteractionFactory(company=kept_trader, contacts=[], occurred_at=at(2014, 6, 1))

    with time_machine.travel(at(2015, 3, 2)):
        assert list(gdpr.sole_traders_past_retention()) == [trader]
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 1}
        assert RetentionNotice.objects.get().company == trader
        page = direction_client.get(reverse("gdpr:retention_review")).content.decode()
        assert "Jean Dupont" in page and "Paul Martin" not in page and "Scierie SAS" not in page

    with time_machine.travel(at(2015, 4, 2)):
        assert retention_anonymise_task() == {"anonymised": 1, "listed": 0}
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 0}
    trader.refresh_from_db()
    assert trader.name == gdpr.ANONYMISED_SOLE_TRADER and trader.anonymised_at is not None
    assert (trader.siret, trader.siren, trader.address, trader.phone, trader.notes) == ("", "", "", "", "")
    assert "dupont" not in trader.search_text
    for version in Company.history.filter(id=trader.pk):
        assert (version.name, version.siret, version.notes) == (gdpr.ANONYMISED_SOLE_TRADER, "", "")
    assert trader.history.latest("history_date").history_change_reason == gdpr.RETENTION_REASON
    for company in (kept_trader, society):
        company.refresh_from_db()
        assert company.anonymised_at is None


def test_a_sole_trader_contacted_during_the_notice_is_kept(mission):
    from prospects.models import LegalForm

    with time_machine.travel(at(2012, 3, 1)):
        trader = CompanyFactory(name="Marie Roux", legal_form=LegalForm.SOLE_TRADER)
    with time_machine.travel(at(2015, 3, 2)):
        retention_anonymise_task()
    assert RetentionNotice.objects.filter(company=trader).exists()
    InteractionFactory(company=trader, contacts=[], occurred_at=at(2015, 3, 20))
    with time_machine.travel(at(2015, 4, 15)):
        assert retention_anonymise_task() == {"anonymised": 0, "listed": 0}
    trader.refresh_from_db()
    assert trader.anonymised_at is None and not RetentionNotice.objects.filter(company=trader).exists()
