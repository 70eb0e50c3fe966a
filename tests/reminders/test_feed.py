import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.selectors import profile_for
from accounts.services import calendar_token_renew, calendar_token_revoke

from .factories import AppearanceFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_url(mission):
    return reverse("reminders:calendar_feed", args=[calendar_token_renew(user=mission)])


def test_the_feed_parses_and_holds_the_users_open_followups_and_the_appearances(
    client, feed_url, mission, teammate, time_machine, settings
):
    settings.SITE_URL = "https://crm.example.org"
    time_machine.move_to(datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    mine = FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 5), title="Rappeler la scierie")
    FollowUpFactory(assignee=mission, due_on=datetime.date(2026, 6, 6), title="Déjà faite", status="done")
    FollowUpFactory(assignee=teammate, due_on=datetime.date(2026, 6, 5), title="Pas la mienne")
    show = AppearanceFactory(trade_show__name="SIAL", starts_on=datetime.date(2026, 10, 21), city="Paris")
    AppearanceFactory(trade_show__name="Très ancien", starts_on=datetime.date(2024, 3, 1))

    response = client.get(feed_url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"followup-{mine.pk}@crm.example.org", f"appearance-{show.pk}@crm.example.org"}
    followup = events[f"followup-{mine.pk}@crm.example.org"]
    assert "Rappeler la scierie" in str(followup["summary"])
    assert followup.decoded("dtstart") == datetime.date(2026, 6, 5)
    assert followup.decoded("dtend") == datetime.date(2026, 6, 6)
    assert str(followup["url"]) == f"https://crm.example.org/entreprises/{mine.company_id}/"
    appearance = events[f"appearance-{show.pk}@crm.example.org"]
    assert appearance.decoded("dtstart") == datetime.date(2026, 10, 21)
    assert "SIAL" in str(appearance["summary"])
    assert "Paris" in str(appearance["location"])


def test_the_feed_keeps_a_fixed_number_of_queries(client, feed_url, mission, django_assert_max_num_queries):
    for _ in range(60):
        FollowUpFactory(assignee=mission)
    AppearanceFactory.create_batch(5, starts_on=datetime.date.today())

    # The sixth reads the people who objected, once, to mask them in the titles.
    with django_assert_max_num_queries(6):
        response = client.get(feed_url)

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 65


def test_a_revoked_token_gets_404(client, feed_url, mission):
    calendar_token_revoke(user=mission)

    assert client.get(feed_url).status_code == 404


def test_a_renewed_token_retires_the_old_one(client, feed_url, mission):
    token = calendar_token_renew(user=mission)

    assert client.get(feed_url).status_code == 404
    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 200


def test_an_unknown_token_gets_404(client, mission):
    profile_for(mission)

    assert client.get(reverse("reminders:calendar_feed", args=["nope"])).status_code == 404


def test_an_inactive_users_feed_gets_404(client, feed_url, mission):
    mission.is_active = False
    mission.save()

    assert client.get(feed_url).status_code == 404


@pytest.mark.parametrize("token", ["%00", "a%00b" * 10, "x" * 5, "é" * 30, "a" * 500, "abc def ghi jkl mno pqr"])
def test_an_address_that_is_not_a_token_is_not_found(client, token):
    assert client.get(f"/calendrier/{token}.ics").status_code == 404


def test_the_last_day_of_the_calendar_breaks_no_feed(client, feed_url, mission, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    far = datetime.date(9999, 12, 31)
    FollowUpFactory(assignee=mission, due_on=far, title="Dans très longtemps")
    AppearanceFactory(trade_show__name="Salon du futur", starts_on=far, ends_on=far)

    response = client.get(feed_url)

    assert response.status_code == 200
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert {event.decoded("dtend") for event in events} == {far}


def test_the_feed_stops_for_an_account_left_with_no_role(client, feed_url, mission):
    mission.groups.clear()
    assert client.get(feed_url).status_code == 404


def test_the_database_holds_only_the_token_s_digest(client, mission):
    import hashlib

    from accounts.models import Profile

    token = calendar_token_renew(user=mission)
    stored = Profile.objects.values_list("calendar_token_hash", flat=True).get(user=mission)
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
    # The digest itself is no address.
    assert client.get(reverse("reminders:calendar_feed", args=[stored[:43]])).status_code == 404


def test_an_address_made_before_tokens_were_hashed_still_works_after_the_migration(client, mission):
    from importlib import import_module

    from django.apps import apps

    from accounts.models import Profile, new_calendar_token

    old_token = new_calendar_token()
    # As the column was before the migration: the token in clear.
    Profile.objects.filter(pk=profile_for(mission).pk).update(calendar_token_hash=old_token)
    import_module("accounts.migrations.0004_calendar_token_stored_hashed").hash_clear_tokens(apps, None)

    assert not Profile.objects.filter(calendar_token_hash=old_token).exists()
    assert client.get(reverse("reminders:calendar_feed", args=[old_token])).status_code == 200
    calendar_token_renew(user=mission)
    assert client.get(reverse("reminders:calendar_feed", args=[old_token])).status_code == 404
