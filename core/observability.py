"""Errors reported to Sentry without the people in them, and logs a machine can read.

Sentry is optional (``SENTRY_DSN``). What it receives is scrubbed here, not
trusted to the project's own care: ``send_default_pii=False`` keeps users,
cookies and addresses out, request bodies are never sent, and every string of
an event (messages, exception values, local variables, breadcrumbs) has its
email addresses and phone numbers replaced before it leaves, since a
traceback's variables hold contacts' names and numbers as often as not.
"""

import logging
import re

from django.core.exceptions import ImproperlyConfigured

EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Eight or more digits, in groups people type: « 06 12 34 56 78 », « +33 (0)6.12… ».
PHONE_RE = re.compile(r"(?<![\w])\+?(?:\(?\d\)?[\s.\-/]?){8,}\d(?![\w])")
EMAIL_MASK = "[email]"
PHONE_MASK = "[téléphone]"


def scrub_text(text):
    return PHONE_RE.sub(PHONE_MASK, EMAIL_RE.sub(EMAIL_MASK, text))


def _scrub(value):
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event, hint=None):
    """Sentry's ``before_send`` and ``before_send_transaction``: the event with no email or phone left in it."""
    event = _scrub(event)
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string"):
            request.pop(key, None)
    return event


def scrub_breadcrumb(crumb, hint=None):
    return _scrub(crumb)


def sentry_init(*, dsn, environment, release="", traces_sample_rate=0.0):
    """Report Django's and Celery's errors to ``dsn``, scrubbed (see the module's docstring)."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as exc:  # pragma: no cover - it is in requirements.txt
        raise ImproperlyConfigured("SENTRY_DSN is set but sentry-sdk is not installed.") from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=True,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
    )


class TaskContextFilter(logging.Filter):
    """Adds the running Celery task's name and id to every record (empty outside a task)."""

    def filter(self, record):
        from celery import current_task

        task = current_task if current_task and current_task.request.id else None
        record.task_name = task.name if task else ""
        record.task_id = task.request.id if task else ""
        return True


def parse_admins(value):
    """``ADMINS`` as written in the environment: « Alice <alice@x.org>, bob@x.org » → Django's list of pairs."""
    admins = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        match = re.fullmatch(r"(.*?)\s*<([^<>\s]+@[^<>\s]+)>", item)
        if match:
            admins.append((match.group(1).strip() or match.group(2), match.group(2)))
        elif EMAIL_RE.fullmatch(item):
            admins.append((item, item))
        else:
            raise ImproperlyConfigured(f"ADMINS: {item!r} is not « Name <address> » or an address.")
    return admins
