import pytest
from celery import current_app
from django.db import transaction

from core.tasks import queue_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args: sent.append((name, args)))
    return sent


def test_a_task_is_queued_by_name_once_the_write_commits(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_task("reminders.tasks.assignment_notice_task", 42)
        assert sent == []
    assert sent == [("reminders.tasks.assignment_notice_task", [42])]


def test_a_rolled_back_write_queues_nothing(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_task("reminders.tasks.assignment_notice_task", 42)
            raise RuntimeError
        queue_task("reminders.tasks.assignment_notice_task", 7)
    assert sent == [("reminders.tasks.assignment_notice_task", [7])]
