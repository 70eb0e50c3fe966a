"""A lead sent twice is one lead; two captures of the same new company at once make one company."""

import datetime
import re
import threading
import uuid

import pytest
from django.db import connection, connections
from django.urls import reverse

from events.services import lead_capture
from prospects.models import Company, Contact, FollowUp, Interaction
from tests.events.factories import AppearanceFactory
from tests.events.test_views import _lead_post

D = datetime.date


@pytest.fixture
def sial():
    return AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))


def _counts():
    return Company.objects.count(), Contact.objects.count(), Interaction.objects.count(), FollowUp.objects.count()


@pytest.mark.django_db
def test_the_form_carries_a_key_and_a_double_submit_makes_one_lead(mission_client, mission, sial):
    url = reverse("events:lead_capture", args=[sial.pk])
    page = mission_client.get(url).content.decode()
    key = re.search(r'name="capture_key" value="([0-9a-f-]{36})"', page)[1]
    assert key != re.search(r'name="capture_key" value="([0-9a-f-]{36})"', mission_client.get(url).content.decode())[1]

    first = mission_client.post(url, _lead_post(assignee=mission.pk, capture_key=key))
    second = mission_client.post(url, _lead_post(assignee=mission.pk, capture_key=key), follow=True)

    assert first.status_code == 302
    assert _counts() == (1, 1, 1, 1)
    assert "déjà enregistré" in second.content.decode()
    assert Interaction.objects.get().capture_key == uuid.UUID(key)


@pytest.mark.django_db
def test_a_repeated_capture_returns_the_first_lead_and_writes_nothing(mission, sial):
    key = uuid.uuid4()
    fields = {
        "appearance": sial,
        "actor": mission,
        "new_company": {"name": "Conserverie du Lot", "postcode": "46000"},
        "person": {"last_name": "Bessière"},
        "summary": "Atelier de 1 500 m².",
        "lead_grade": "B",
        "met_on": D(2012, 10, 24),
        "capture_key": key,
    }
    first = lead_capture(**fields)
    again = lead_capture(**fields)

    assert not first.repeated and again.repeated
    assert (again.company, again.interaction, again.followup, again.contact) == (
        first.company,
        first.interaction,
        first.followup,
        first.contact,
    )
    assert _counts() == (1, 1, 1, 1)


def _at_once(*calls):
    """Run the calls in threads released together; each gets its own connection."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_key", [True, False], ids=["same-capture-twice", "two-colleagues"])
def test_two_captures_of_one_new_company_at_the_same_moment_make_one_company(mission, teammate, same_key):
    if connection.vendor != "postgresql":
        from tests.conftest import _missing_service

        _missing_service("concurrent captures need PostgreSQL (SQLite's test database is one connection)")
    sial = AppearanceFactory(starts_on=D(2012, 10, 21), ends_on=D(2012, 10, 25))
    key = uuid.uuid4()

    def capture(actor):
        return lambda: lead_capture(
            appearance=sial,
            actor=actor,
            new_company={"name": "Conserverie du Lot", "postcode": "46000"},
            person={"last_name": "Bessière"},
            summary="Atelier.",
            lead_grade="B",
            met_on=D(2012, 10, 24),
            capture_key=key if same_key else uuid.uuid4(),
        )

    errors = _at_once(capture(mission), capture(teammate))

    assert Company.objects.filter(name="Conserverie du Lot").count() == 1
    if same_key:
        assert errors == []
        assert _counts() == (1, 1, 1, 1)
    else:
        # The second, serialised behind the first, sees the company just made: it asks which one.
        assert [type(error).__name__ for error in errors] == ["ProbableDuplicates"]
