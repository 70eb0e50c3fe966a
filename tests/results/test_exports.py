import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from . import data

pytestmark = pytest.mark.django_db


def test_contacts_export_leaves_objecting_people_out(mission_client):
    data.contacts()
    body = b"".join(mission_client.get(reverse("contacts_export", args=["csv"])).streaming_content).decode()
    assert "Visible" in body and "anne@example.org" in body
    assert "Opposant" not in body
    response = mission_client.get(reverse("contacts_export", args=["xlsx"]))
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)["Contacts"].iter_rows(
            values_only=True
        )
    )
    assert [row[4] for row in rows[1:]] == ["Visible"]


def test_followups_export_filters_by_status(mission_client, mission, teammate):
    data.overdue_followups(mission, teammate)
    response = mission_client.get(reverse("followups_export", args=["xlsx"]), {"status": "open"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)["Relances"].iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 1 + 3
    assert sum(1 for row in rows[1:] if row[6] == "oui") == 2


def test_followups_export_hides_confidential_projects_from_outsiders(teammate_client, mission):
    built = data.build_year(mission)
    secret = built["projects"]["agri_secret"]
    data.FollowUp.objects.create(
        company=secret.company, project=secret, title="Relance secrète", due_on=data.D(2030, 1, 1), assignee=mission
    )
    body = b"".join(teammate_client.get(reverse("followups_export", args=["csv"])).streaming_content).decode()
    assert "Relance secrète" not in body


@pytest.mark.parametrize("name", ["contacts_export", "followups_export"])
def test_observers_cannot_export(observer_client, name):
    assert observer_client.get(reverse(name, args=["csv"])).status_code == 403


def test_unknown_format_is_404(mission_client):
    assert mission_client.get(reverse("contacts_export", args=["pdf"])).status_code == 404
