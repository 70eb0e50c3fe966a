import pytest
from celery import current_app
from django.db import transaction

from core.tasks import queue_task
from reminders.tasks import assignment_notice_task

pytestmark = pytest.mark.django_db


def test_a_task_is_queued_by_name_once_the_write_commits(monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(assignment_notice_task, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        queue_task(assignment_notice_task.name, 42)
        assert queued == []
    assert queued == [(42,)]


def test_a_rolled_back_write_queues_nothing(monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(assignment_notice_task, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_task(assignment_notice_task.name, 42)
            raise RuntimeError
        queue_task(assignment_notice_task.name, 7)
    assert queued == [(7,)]


def test_a_task_this_process_does_not_know_is_sent_by_name(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        queue_task("elsewhere.tasks.some_task", 1, 2)
    assert sent == [("elsewhere.tasks.some_task", [1, 2])]
