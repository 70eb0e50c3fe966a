"""Shared fixtures: named users per role, logged-in clients, service checks."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group

from accounts.roles import GROUP_NAMES, Role

# Playwright's sync API runs an event loop in the test thread; pytest-django's
# live_server then refuses ORM calls without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _missing_service(reason):
    """Skip, or fail when REQUIRE_SERVICES=1 (CI must run every test)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def redis_url():
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url.startswith("redis://"):
        return url
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_answers(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def require_redis():
    url = redis_url()
    if not _redis_answers(url):
        _missing_service(f"no Redis answers at {url}")
    return url


def _forget_broker_connections(app):
    # The app keeps its broker connections and producers from first use
    # (memory:// for the rest of the suite); forget them so a new URL applies.
    app._pool = None
    app.__dict__.pop("amqp", None)


def _close_db_connections(**kwargs):
    # A worker thread has database connections of its own: close them so the
    # test database can be flushed and dropped.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def celery_app_on_redis(require_redis):
    """The project's Celery app pointed at Redis, on a queue of its own.

    For tests that run a real worker (``start_worker``); no other worker on the
    same Redis takes their messages.
    """
    import uuid

    from celery.signals import task_postrun

    from lozdev.celery import app

    keys = ("broker_url", "broker_write_url", "broker_read_url", "task_default_queue", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=require_redis,
        broker_write_url=require_redis,
        broker_read_url=require_redis,
        task_default_queue=f"lozdev-test-{uuid.uuid4().hex}",
        broker_transport_options={"visibility_timeout": 3600},
    )
    _forget_broker_connections(app)
    # Declared before anything is sent: on Redis, a message sent to a queue no
    # worker has declared yet has no binding to go to and is dropped, and
    # start_worker may return before its consumer has declared the queue.
    with app.connection_for_write() as connection:
        app.amqp.queues[app.conf.task_default_queue](connection.default_channel).declare()
    task_postrun.connect(_close_db_connections, weak=False)
    yield app
    task_postrun.disconnect(_close_db_connections)
    app.conf.update(saved)
    _forget_broker_connections(app)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        _missing_service(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French, the site's language.

    LocaleMiddleware activates a request's language in the thread that runs
    it and leaves it active: after a test client request in English, a
    service called by the next test on that worker would answer in English.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by an earlier test shows rows rolled back since."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def reference_data(request):
    """Reference rows that migrations load, restored for transactional tests.

    A transactional test (live server, real worker) ends by flushing every
    table, taking the NAF codes, sectors and role groups with it; the next one
    gets them back here.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if not transactional and not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    from accounts.roles import sync_role_permissions
    from prospects.models import NafCode

    if not NafCode.objects.exists():
        import_module("prospects.migrations.0002_load_reference_data").load(apps, None)
        import_module("prospects.migrations.0017_sector_english_names_for_the_programme").name_in_english(apps, None)
    sync_role_permissions()


def make_user(django_user_model, username, role, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        password="lozdev-test-pass",
        first_name=extra.pop("first_name", username.capitalize()),
        last_name=extra.pop("last_name", "Test"),
        email=extra.pop("email", f"{username}@example.org"),
        **extra,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


@pytest.fixture
def mission(django_user_model):
    return make_user(django_user_model, "camille", Role.MISSION, first_name="Camille", last_name="Martin")


@pytest.fixture
def teammate(django_user_model):
    return make_user(django_user_model, "julie", Role.MISSION, first_name="Julie", last_name="Chabert")


@pytest.fixture
def direction(django_user_model):
    return make_user(django_user_model, "dominique", Role.DIRECTION, first_name="Dominique", last_name="Roux")


@pytest.fixture
def observer(django_user_model):
    return make_user(django_user_model, "olivier", Role.OBSERVER, first_name="Olivier", last_name="Bastide")


@pytest.fixture
def no_role_user(django_user_model):
    return make_user(django_user_model, "norole", None)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "lozdev-test-pass")


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def mission_client(mission):
    from django.test import Client

    return _client_for(Client, mission)


@pytest.fixture
def teammate_client(teammate):
    from django.test import Client

    return _client_for(Client, teammate)


@pytest.fixture
def direction_client(direction):
    from django.test import Client

    return _client_for(Client, direction)


@pytest.fixture
def observer_client(observer):
    from django.test import Client

    return _client_for(Client, observer)


@pytest.fixture
def admin_client_user(admin_user):
    from django.test import Client

    return _client_for(Client, admin_user)
