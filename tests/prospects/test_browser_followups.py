"""« Mes relances » in Chromium, on a phone and on a desk: edit, done with a note and what next, undo, bulk reassign."""

import datetime
import re

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from core.workdays import due_on_for_grade
from prospects.models import FollowUp, FollowUpStatus, Interaction, InteractionKind
from tests.events.factories import AppearanceFactory, TradeShowFactory
from tests.prospects.factories import CompanyFactory, ContactFactory, FollowUpFactory, InteractionFactory
from tests.prospects.test_browser_prospecting import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desk": (1280, 900)}


def short(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@pytest.mark.parametrize("screen", WIDTHS)
def test_edit_then_done_with_a_note_and_a_next_followup_then_undo(page, live_server, mission, teammate, screen):
    today = timezone.localdate()
    company = CompanyFactory(name="Fromagerie de Marvejols")
    person = ContactFactory(
        company=company, first_name="Hélène", last_name="Fabrègue", job_title="Gérante", phone="06 12 34 56 78"
    )
    met = InteractionFactory(
        company=company, contacts=[person], kind=InteractionKind.STAND, lead_grade="B", summary="Rencontrée au SIAL."
    )
    call = FollowUpFactory(
        company=company, interaction=met, assignee=mission, title="Rappeler Mme Fabrègue", due_on=today
    )
    brochure = FollowUpFactory(
        company=company, assignee=mission, title="Envoyer la plaquette", due_on=today + datetime.timedelta(days=1)
    )
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[screen], strict=True)))
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}/relances/")

    # The card says whom to call, with a number the phone dials as it is.
    card = page.locator("li.followup", has_text="Rappeler Mme Fabrègue")
    expect(card).to_contain_text("Hélène Fabrègue, Gérante")
    expect(card.get_by_role("link", name="06 12 34 56 78")).to_have_attribute("href", "tel:+33612345678")
    expect(card).to_contain_text("Rencontrée au SIAL.")

    # Another date and another person, from the follow-up itself.
    other = page.locator("li.followup", has_text="Envoyer la plaquette")
    other.get_by_text("Reporter, réattribuer, modifier").click()
    other.get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("heading", name="Modifier la relance")).to_be_visible()
    new_date = today + datetime.timedelta(days=9)
    page.get_by_label("Échéance").fill(new_date.isoformat())
    page.get_by_label("Attribuée à").select_option(label="Julie Chabert")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Relance « Envoyer la plaquette » enregistrée.")).to_be_visible()
    expect(page.locator("li.followup", has_text="Envoyer la plaquette")).to_have_count(0)
    brochure.refresh_from_db()
    assert (brochure.due_on, brochure.assignee) == (new_date, teammate)

    # Done, with what was said and the next follow-up.
    card.get_by_role("link", name="Fait").click()
    expect(page.get_by_role("heading", name="Relance faite")).to_be_visible()
    expect(page.get_by_role("link", name="06 12 34 56 78")).to_be_visible()
    page.get_by_label("Ce qui s'est dit").fill("Visite d'Antrenas calée, elle viendra avec son associé.")
    page.get_by_label("Appréciation").select_option("A")
    proposed = due_on_for_grade("A", today)
    expect(page.get_by_label("Date de la prochaine relance")).to_have_value(proposed.isoformat())
    page.get_by_label("Objet de la prochaine relance").fill("Préparer la visite d'Antrenas")
    page.get_by_role("button", name="Marquer comme faite").click()
    expect(
        page.get_by_text(f"Relance « Rappeler Mme Fabrègue » faite. Prochaine relance le {short(proposed)}.")
    ).to_be_visible()
    expect(page.locator("li.followup", has_text="Rappeler Mme Fabrègue")).to_have_count(0)
    expect(page.locator("li.followup", has_text="Préparer la visite d'Antrenas")).to_be_visible()
    call.refresh_from_db()
    assert call.status == FollowUpStatus.DONE
    note = Interaction.objects.get(summary__startswith="Visite d'Antrenas")
    assert (note.lead_grade, list(note.contacts.all())) == ("A", [person])
    following = FollowUp.objects.get(title="Préparer la visite d'Antrenas")
    assert (following.due_on, following.assignee, following.interaction) == (proposed, mission, note)

    # Undone: the follow-up is back, the next one and the note are gone.
    offer = page.locator("form.undo-offer", has_text="Rappeler Mme Fabrègue")
    offer.get_by_role("button", name="Annuler").click()
    expect(
        page.get_by_text(re.compile(r"Annulé : la relance « Rappeler Mme Fabrègue » est de nouveau à faire"))
    ).to_be_visible()
    expect(page.locator("li.followup", has_text="Rappeler Mme Fabrègue")).to_be_visible()
    expect(page.locator("li.followup", has_text="Préparer la visite")).to_have_count(0)
    expect(page.locator("form.undo-offer")).to_have_count(0)
    call.refresh_from_db()
    assert (call.status, call.due_on, call.done_at) == (FollowUpStatus.OPEN, today, None)
    assert not FollowUp.objects.filter(pk=following.pk).exists()
    assert not Interaction.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize("screen", WIDTHS)
def test_direction_hands_over_everything_one_person_has_from_one_show(
    page, live_server, direction, mission, teammate, screen
):
    today = timezone.localdate()
    sial = AppearanceFactory(trade_show=TradeShowFactory(name="SIAL"), city="Paris")
    moved = []
    for index in range(14):
        lead = InteractionFactory(appearance=sial, company=CompanyFactory(name=f"Laiterie {index:02d}"))
        moved.append(
            FollowUpFactory(
                company=lead.company,
                interaction=lead,
                assignee=mission,
                title=f"Relance SIAL {index:02d}",
                due_on=today + datetime.timedelta(days=index % 4),
            )
        )
    elsewhere = FollowUpFactory(assignee=mission, title="Relance hors salon", due_on=today)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[screen], strict=True)))
    log_in(page, live_server, "dominique")
    page.goto(f"{live_server.url}/relances/")

    page.get_by_label("Personne", exact=True).select_option(label="Camille Martin")
    expect(page.get_by_role("heading", name="Relances attribuées à Camille Martin")).to_be_visible()
    page.get_by_text("Filtres et tri").click()
    page.locator("#id_salon").select_option(label=str(sial))
    page.get_by_role("button", name="Appliquer").click()
    expect(page.locator("li.followup")).to_have_count(14)
    filtered_url = page.url
    assert f"personne={mission.pk}" in filtered_url and f"salon={sial.pk}" in filtered_url

    # The bar waits for a tick; ticking the last row shows it where the user is.
    bar = page.locator("#bulk-form")
    expect(bar).to_be_hidden()
    page.locator("li.followup").last.locator("input[type=checkbox]").check()
    expect(bar).to_be_in_viewport()
    expect(bar).to_contain_text("1 relance cochée")
    bar.get_by_label("Sélectionner les 14 relances de ce filtre").check()
    expect(bar).to_contain_text("14 relances : toutes celles de ce filtre")
    bar.get_by_label("À", exact=True).select_option(label="Julie Chabert")
    bar.get_by_role("button", name="Réattribuer").click()

    expect(page.get_by_text("14 relances attribuées à Julie Chabert.")).to_be_visible()
    assert page.url == filtered_url
    expect(page.get_by_role("heading", name="Relances attribuées à Camille Martin")).to_be_visible()
    expect(page.locator("#id_salon")).to_have_value(str(sial.pk))
    expect(page.locator("li.followup")).to_have_count(0)
    assert set(FollowUp.objects.filter(assignee=teammate)) == set(moved)
    elsewhere.refresh_from_db()
    assert elsewhere.assignee == mission
