import sys

from celery import current_app as celery_app
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return False


def _broker_ok():
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=0.5)
        return True
    except Exception:  # noqa: BLE001
        return False


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise.

    Which one failed is told only to staff and to the addresses in
    HEALTHZ_DETAIL_FROM (the monitoring host): to anyone else the status code
    is the whole answer.
    """
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    if _may_see_details(request):
        body.update({name: "ok" if ok else "error" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _may_see_details(request):
    if request.META.get("REMOTE_ADDR") in settings.HEALTHZ_DETAIL_FROM:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


# Seconds a browser (or a proxy) is told to wait when the database is away.
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """The 500 page, or a 503 with Retry-After when the cause is the database being unreachable.

    Rendered without a request context: the context processors would ask the
    database (the user, their role) that just failed.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
