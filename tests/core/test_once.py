"""The create forms carry a one-time token: sent twice, they create one record."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import FormSubmission
from prospects.models import Company, FollowUp, Interaction, Project
from tests.prospects.factories import CompanyFactory
from tests.prospects.test_views_companies import company_post
from tests.prospects.test_views_projects import project_post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="once" value="([0-9a-f-]{36})"')


def _token(client, url):
    return TOKEN.search(client.get(url).content.decode())[1]


def test_a_company_form_sent_twice_creates_one_company_and_leads_to_it(mission_client):
    url = reverse("prospects:company_create")
    token = _token(mission_client, url)

    first = mission_client.post(url, company_post(once=token))
    second = mission_client.post(url, company_post(once=token), follow=True)

    company = Company.objects.get()
    assert first.status_code == 302 and first["Location"] == company.get_absolute_url()
    assert second.redirect_chain[0][0] == company.get_absolute_url()
    assert "déjà été envoyé" in second.content.decode()
    assert Company.objects.count() == 1


def test_each_page_gets_its_own_token(mission_client):
    url = reverse("prospects:company_create")
    assert _token(mission_client, url) != _token(mission_client, url)


def test_a_refused_form_keeps_its_token_usable_for_the_corrected_one(mission_client):
    url = reverse("prospects:company_create")
    token = _token(mission_client, url)

    refused = mission_client.post(url, company_post(once=token, postcode="4800A"))
    assert refused.status_code == 200 and not FormSubmission.objects.filter(token=token).exists()

    accepted = mission_client.post(url, company_post(once=token))
    assert accepted.status_code == 302 and Company.objects.count() == 1


def test_followups_exchanges_and_projects_are_created_once(mission_client, mission):
    company = CompanyFactory()
    cases = [
        (
            reverse("prospects:followup_create", args=[company.pk]),
            {
                "title": "Rappeler",
                "due_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
                "assignee": mission.pk,
                "project": "",
            },
            FollowUp,
        ),
        (
            reverse("prospects:interaction_create", args=[company.pk]),
            {
                "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "kind": "phone",
                "summary": "Appel de suivi.",
                "lead_grade": "",
            },
            Interaction,
        ),
        (reverse("prospects:project_create", args=[company.pk]), project_post(), Project),
    ]
    for url, data, model in cases:
        token = _token(mission_client, url)
        assert mission_client.post(url, {**data, "once": token}).status_code == 302, model
        assert mission_client.post(url, {**data, "once": token}).status_code == 302
        assert model.objects.count() == 1, model


def test_someone_elses_token_creates_nothing_for_them(mission_client, teammate_client):
    url = reverse("prospects:company_create")
    token = _token(mission_client, url)
    mission_client.post(url, company_post(once=token))

    other = teammate_client.post(url, company_post(once=token, name="Menuiserie Rouvière"))

    # The token is the first person's: the second request neither replays their result nor creates.
    assert other.status_code == 400
    assert not Company.objects.filter(name="Menuiserie Rouvière").exists()


def test_tokens_older_than_two_days_are_forgotten_by_the_nightly_task(mission_client, mission):
    from core.tasks import forget_old_tokens_task

    url = reverse("prospects:company_create")
    token = _token(mission_client, url)
    mission_client.post(url, company_post(once=token))
    FormSubmission.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    fresh = FormSubmission.objects.create(token="00000000-0000-4000-8000-000000000001", user=mission, result_url="/")

    assert forget_old_tokens_task() == 1
    assert [str(row.token) for row in FormSubmission.objects.all()] == [str(fresh.token)]
