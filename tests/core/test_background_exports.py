"""Past EXPORT_BACKGROUND_ROWS rows an export is written by a worker, for its requester only, and expires."""

import datetime
import html
import io
import os

import openpyxl
import pytest
import time_machine
from celery import current_app
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.roles import GROUP_NAMES, Role
from core import exports
from core.models import Export, ExportStatus
from core.tasks import export_build_task, purge_expired_exports_task, requeue_lost_exports_task
from prospects.models import ProjectStage
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import CompanyFactory, FollowUpFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_threshold(settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def queued(monkeypatch):
    """The tasks sent to the broker: the worker is played by calling the task."""
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args: sent.append((name, args)))
    return sent


def _rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _lozere_companies():
    for name in ("Scierie du Causse", "Scierie de l'Aubrac", "Scierie du Gévaudan"):
        CompanyFactory(name=name, postcode="48000", city="Mende")
    CompanyFactory(name="Scierie du Cantal", postcode="15000", city="Aurillac")


def _start_company_export(client, **filters):
    response = client.get(reverse("prospects:company_export"), {"format": "xlsx", **filters})
    assert response.status_code == 302
    export = Export.objects.get()
    assert response["Location"] == reverse("exports:export_detail", args=[export.pk])
    return export


def test_a_small_export_is_still_written_in_the_request(mission_client, settings, queued):
    settings.EXPORT_BACKGROUND_ROWS = 5
    _lozere_companies()
    response = mission_client.get(reverse("prospects:company_export"), {"format": "xlsx", "department": "48"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert sorted(row[0] for row in _rows(response)[1:]) == [
        "Scierie de l'Aubrac",
        "Scierie du Causse",
        "Scierie du Gévaudan",
    ]
    assert not Export.objects.exists() and queued == []


def test_a_large_company_export_runs_in_the_worker_with_the_list_s_filters(mission, mission_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client, department="48", sort="-name")
    assert export.user == mission and export.status == ExportStatus.PENDING
    assert export.params == {"query": "department=48&sort=-name"}
    assert queued == [("core.tasks.export_build_task", [export.pk])]

    page = mission_client.get(reverse("exports:export_detail", args=[export.pk]))
    assert page.status_code == 200 and 'id="export-state"' in page.content.decode()
    state = mission_client.get(reverse("exports:export_status", args=[export.pk])).json()
    assert state["running"] is True and state["percent"] == 0

    export_build_task(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.total_rows == 3
    assert export.filename.startswith("entreprises-") and export.filename.endswith(".xlsx")
    assert export.file.name.startswith("exports/") and "entreprises" not in export.file.name
    assert export.expires_at == export.finished_at + datetime.timedelta(hours=24)
    assert mission_client.get(reverse("exports:export_status", args=[export.pk])).json()["percent"] == 100

    response = mission_client.get(reverse("exports:export_file", args=[export.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = _rows(response)
    assert rows[0][0] == "Raison sociale"
    # The list's order and filter: Cantal's sawmill is not in the file.
    assert [row[0] for row in rows[1:]] == ["Scierie du Gévaudan", "Scierie du Causse", "Scierie de l'Aubrac"]


def test_nobody_else_reaches_the_export(mission_client, teammate_client, direction_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client)
    export_build_task(export.pk)
    for client in (teammate_client, direction_client):
        for name in ("exports:export_detail", "exports:export_status", "exports:export_file"):
            assert client.get(reverse(name, args=[export.pk])).status_code == 404, name


def test_the_worker_runs_the_list_again_with_the_requester_s_rights(mission, teammate, teammate_client, queued):
    """The target list as the requester sees it: the meeting of a confidential project kept from them is absent."""
    show = AppearanceFactory(starts_on=datetime.date(2012, 10, 21), ends_on=datetime.date(2012, 10, 25))
    secret, plain, other = (CompanyFactory(name=name, naf_code="10.72Z") for name in ("Biscuiterie A", "B", "C"))
    owner = mission
    project = ProjectFactory(company=secret, owner=owner, confidential=True, stage=ProjectStage.ACTIVE)
    FollowUpFactory(company=secret, assignee=owner, project=project, due_on=datetime.date(2012, 10, 22))
    FollowUpFactory(company=plain, assignee=owner, due_on=datetime.date(2012, 10, 23))

    response = teammate_client.get(reverse("events:target_list", args=[show.pk]), {"export": "xlsx"})
    export = Export.objects.get(user=teammate)
    assert response["Location"] == reverse("exports:export_detail", args=[export.pk])
    assert export.params == {"appearance": show.pk, "q": "", "stage": ""}
    export_build_task(export.pk)
    rows = {row[0]: row[-1] for row in _rows(teammate_client.get(reverse("exports:export_file", args=[export.pk])))[1:]}
    assert set(rows) == {secret.name, plain.name, other.name}
    assert rows[plain.name] == datetime.datetime(2012, 10, 23)
    assert rows[secret.name] is None  # its meeting belongs to a project the teammate may not see


def test_a_requester_who_lost_the_role_gets_no_file(teammate, teammate_client, queued):
    _lozere_companies()
    export = _start_company_export(teammate_client)
    teammate.groups.set([Group.objects.get(name=GROUP_NAMES[Role.OBSERVER])])
    export_build_task(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.error == "Vous n'avez plus accès à cette liste."
    assert not export.file.storage.exists(export.file.name)
    assert teammate_client.get(reverse("exports:export_detail", args=[export.pk])).status_code == 403


def test_an_expired_link_says_so_in_french_and_the_file_is_erased(mission_client, queued, settings):
    settings.EXPORT_RETENTION_HOURS = 1
    _lozere_companies()
    export = _start_company_export(mission_client)
    export_build_task(export.pk)
    export.refresh_from_db()
    path = export.file.path
    url = reverse("exports:export_file", args=[export.pk])
    assert mission_client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        response = mission_client.get(url)
        assert response.status_code == 410
        assert "Ce fichier n'est plus disponible" in html.unescape(response.content.decode())
        assert purge_expired_exports_task() == {"expired": 1, "deleted": 0}
        export.refresh_from_db()
        assert export.status == ExportStatus.EXPIRED and not export.file
        assert not os.path.exists(path)
        response = mission_client.get(url)
        assert response.status_code == 410
        assert "Relancez l'export depuis la liste" in html.unescape(response.content.decode())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        assert purge_expired_exports_task()["deleted"] == 1
    assert not Export.objects.exists()


def test_erasing_a_person_withdraws_the_files_written_before_and_the_words_searched(
    mission_client, queued, django_capture_on_commit_callbacks
):
    from prospects.gdpr import contact_erase
    from tests.prospects.factories import ContactFactory

    _lozere_companies()
    contact = ContactFactory(company=CompanyFactory(name="Menuiserie Vidal"), first_name="Lucie", last_name="Vidal")
    CompanyFactory(name="Vidal Bois")
    CompanyFactory(name="Charpentes Vidal")
    export = _start_company_export(mission_client, q="Vidal")
    export_build_task(export.pk)
    export.refresh_from_db()
    path = export.file.path
    waiting = _start_company_export_again(mission_client)
    with django_capture_on_commit_callbacks(execute=True):
        contact_erase(contact=contact)
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file and export.params == {}
    assert not os.path.exists(path)
    assert mission_client.get(reverse("exports:export_file", args=[export.pk])).status_code == 410
    # One still to be written keeps its filters: the worker writes it from the data as it is now.
    waiting.refresh_from_db()
    assert waiting.status == ExportStatus.PENDING and waiting.params


def _start_company_export_again(client):
    response = client.get(reverse("prospects:company_export"), {"format": "xlsx"})
    assert response.status_code == 302
    return Export.objects.latest("pk")


def test_the_email_leaves_once_even_when_the_task_runs_twice(mission, mission_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client)
    export_build_task(export.pk)
    first = export.file.storage.open(export.file.name).read()
    export_build_task(export.pk)  # delivered again
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mission.email]
    assert "Votre export est prêt" in message.subject
    assert reverse("exports:export_detail", args=[export.pk]) in message.body
    assert export.file.storage.open(export.file.name).read() == first


def test_the_email_speaks_the_language_the_person_chose(mission, mission_client, queued):
    from accounts.selectors import profile_for

    profile = profile_for(mission)
    profile.language = "en"
    profile.save()
    _lozere_companies()
    export = _start_company_export(mission_client)
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        export_build_task(export.pk)
    message = mail.outbox[0]
    assert message.subject.startswith("Your export is ready")
    assert "(4 rows)" in message.body
    # Expiring 24 h later, written as the English pages write dates.
    assert "until 6 Mar 2026 at 10:00" in message.body


def test_a_worker_that_died_mid_file_is_replaced_by_one_that_writes_the_same_file(mission_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client)
    # The first worker claimed it and was killed: the message comes back to another one.
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, processed_rows=1)
    export_build_task(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.processed_rows == 4
    assert len(_rows(mission_client.get(reverse("exports:export_file", args=[export.pk])))) == 5
    assert len(mail.outbox) == 1


def test_no_email_for_someone_watching_the_progress_page(mission_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client)
    mission_client.get(reverse("exports:export_status", args=[export.pk]))
    export_build_task(export.pk)
    assert mail.outbox == []
    page = mission_client.get(reverse("exports:export_detail", args=[export.pk])).content.decode()
    assert reverse("exports:export_file", args=[export.pk]) in page
    # The page left long ago: the email goes out.
    Export.objects.filter(pk=export.pk).update(
        notified_at=None, last_seen_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert exports.export_notify(export_id=export.pk) is True
    assert len(mail.outbox) == 1


def test_a_broker_that_is_down_gives_a_message_and_no_pending_export(mission_client, monkeypatch):
    def refuse(name, args):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(current_app, "send_task", refuse)
    _lozere_companies()
    response = mission_client.get(reverse("prospects:company_export"), {"format": "csv", "department": "48"})
    assert response.status_code == 302
    assert response["Location"] == reverse("prospects:company_list") + "?department=48"
    page = html.unescape(mission_client.get(response["Location"]).content.decode())
    assert "L'export n'a pas pu être lancé : le service des tâches de fond ne répond pas." in page
    assert Export.objects.get().status == ExportStatus.FAILED


def test_a_csv_export_in_the_background(mission_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client, format="csv", department="48")
    export_build_task(export.pk)
    response = mission_client.get(reverse("exports:export_file", args=[export.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Raison sociale;SIREN")
    assert len(text.splitlines()) == 4 and "Cantal" not in text


def test_observers_cannot_start_one(observer_client, queued):
    _lozere_companies()
    assert observer_client.get(reverse("prospects:company_export"), {"format": "xlsx"}).status_code == 403
    assert not Export.objects.exists()


def test_an_export_whose_message_was_lost_is_queued_again_and_one_too_old_is_given_up(mission_client, queued):
    _lozere_companies()
    export = _start_company_export(mission_client)
    assert queued == [(exports.TASK_NAME, [export.pk])]
    # Just asked: its message may still be on its way.
    assert requeue_lost_exports_task() == {"requeued": 0, "given_up": 0}
    later = timezone.now() + exports.REQUEUE_PENDING_AFTER + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert requeue_lost_exports_task() == {"requeued": 1, "given_up": 0}
    assert queued[-1] == (exports.TASK_NAME, [export.pk])
    export_build_task(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    with time_machine.travel(later, tick=False):
        assert requeue_lost_exports_task() == {"requeued": 0, "given_up": 0}

    stuck = _start_company_export_again(mission_client)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        assert requeue_lost_exports_task() == {"requeued": 0, "given_up": 1}
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED


def _start_company_export_again(client):
    response = client.get(reverse("prospects:company_export"), {"format": "csv"})
    assert response.status_code == 302
    return Export.objects.latest("pk")
