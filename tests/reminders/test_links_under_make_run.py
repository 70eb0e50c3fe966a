"""Under `make run`, the links the worker writes into emails point at the web process.

honcho gives every process of Procfile.dev a PORT of its own (web 8000, worker
8100, beat 8200) and reads .env; the assignment email is written by the worker.
These tests take the path honcho takes: the environment `make` exports, the
honcho command line of `make -n run`, honcho's own expansion of the Procfile,
then the settings loaded in a fresh interpreter with the worker's environment.
"""

import datetime
import os
import shlex
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core import mail
from honcho import command as honcho_command
from honcho import environ as honcho_environ

from prospects.services import followup_create
from reminders.models import Reminder, ReminderKind
from reminders.tasks import assignment_notice_task, send_reminder_task

from .factories import CompanyFactory

BASE_DIR = django_settings.BASE_DIR
# What a developer's shell would not have: the suite's own settings and make's recursion markers.
NOT_FROM_A_SHELL = {"PORT", "SITE_URL", "DJANGO_ENV", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}


def _shell_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in NOT_FROM_A_SHELL and not k.startswith("MAKE")}
    env["VAR_DIR"] = str(tmp_path / "var")
    return env


def _checkout(tmp_path, dotenv=None):
    """A directory laid out as the checkout `make run` is started from, with its own .env."""
    for name in ("Makefile", "Procfile.dev", "requirements.txt", "requirements-dev.txt"):
        (tmp_path / name).symlink_to(BASE_DIR / name)
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv)
    return tmp_path


def _make(checkout, env, *args):
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=checkout, env=env, capture_output=True, text=True, check=True
    ).stdout


def _processes_started_by_make_run(checkout, env, *make_args):
    """Each Procfile.dev process with the environment honcho would start it with, as `make run` calls honcho."""
    exported = dict(
        line.split("=", 1)
        for line in _make(checkout, env, "-s", *make_args, "--eval", "_exported: ; @env", "_exported").splitlines()
        if "=" in line
    )
    dry_run = _make(checkout, env, "-n", *make_args, "run")
    (honcho_line,) = [line for line in dry_run.splitlines() if "honcho start" in line]
    words = shlex.split(honcho_line)
    argv = words[words.index("start") : words.index("2>&1")]
    args = honcho_command.parser.parse_args(argv)
    old_cwd, old_environ = os.getcwd(), dict(os.environ)
    try:
        os.chdir(checkout)
        os.environ.clear()
        os.environ.update(exported)
        honcho_env = honcho_command.Env(honcho_command.map_from(args))
        procfile = honcho_command._procfile(honcho_env)
        processes = honcho_environ.expand_processes(
            procfile.processes,
            env=honcho_command._read_env(args.app_root, args.env),
            port=honcho_command._port(honcho_env),
        )
    finally:
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_environ)
    return {p.name.split(".")[0]: {**exported, **p.env} for p in processes}


def _site_url_in(process_env):
    """SITE_URL as lozdev.settings computes it in a process started with that environment."""
    code = "from django.conf import settings; print(settings.SITE_URL)"
    env = {**process_env, "DJANGO_SETTINGS_MODULE": "lozdev.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("make_args", "dotenv", "web_port"),
    [
        ((), None, "8000"),
        (("PORT=9000",), None, "9000"),
        ((), "DEBUG=true\nPORT=8500\n", "8500"),
        (("PORT=9000",), 'export PORT="8600"\n', "8600"),
    ],
    ids=["default", "port-on-the-command-line", "port-in-dotenv", "dotenv-wins-as-in-honcho"],
)
def test_the_worker_and_beat_link_to_the_web_port(tmp_path, make_args, dotenv, web_port):
    checkout = _checkout(tmp_path, dotenv)
    processes = _processes_started_by_make_run(checkout, _shell_env(tmp_path), *make_args)

    assert set(processes) == {"web", "worker", "beat"}
    assert processes["web"]["PORT"] == web_port
    assert processes["worker"]["PORT"] == str(int(web_port) + 100)
    for name in ("worker", "beat", "web"):
        assert _site_url_in(processes[name]) == f"http://127.0.0.1:{web_port}", name


def test_a_site_url_in_dotenv_is_the_address_of_every_process(tmp_path):
    checkout = _checkout(tmp_path, "SITE_URL=https://crm.example.org\n")
    processes = _processes_started_by_make_run(checkout, _shell_env(tmp_path))
    assert {_site_url_in(env) for env in processes.values()} == {"https://crm.example.org"}


def test_an_empty_site_url_falls_back_to_the_port(tmp_path):
    assert _site_url_in({**_shell_env(tmp_path), "SITE_URL": "", "PORT": "8000"}) == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_the_assignment_email_written_by_the_worker_links_to_the_web_port(
    tmp_path, settings, direction, mission, time_machine
):
    processes = _processes_started_by_make_run(_checkout(tmp_path), _shell_env(tmp_path))
    settings.SITE_URL = _site_url_in(processes["worker"])
    time_machine.move_to(datetime.datetime(2026, 6, 2, 12, 0, tzinfo=datetime.UTC), tick=False)
    followup = followup_create(
        company=CompanyFactory(name="Charpentes Lozériennes"),
        title="Envoyer l'offre",
        due_on=datetime.date(2026, 6, 5),
        assignee=mission,
        created_by=direction,
    )

    assignment_notice_task(followup.pk)
    send_reminder_task(Reminder.objects.get(kind=ReminderKind.ASSIGNMENT).pk)

    (email,) = mail.outbox
    link = f"http://127.0.0.1:8000/entreprises/{followup.company_id}/"
    assert link in email.body
    assert "127.0.0.1:8100" not in email.body
