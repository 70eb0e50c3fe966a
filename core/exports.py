"""Large downloads written by a worker, for the one person who asked for them.

Past EXPORT_BACKGROUND_ROWS rows, a list's export is not written while the
request waits (50,000 XLSX rows take 12 to 16 s): the view stores an Export
(which list, its filters, the format, who asked) and queues
``export_build_task``; the person lands on a page with a progress bar, then a
download link. The file is theirs only, stored under a generated name, and
expires after EXPORT_RETENTION_HOURS.

Each list registers a *builder* (``register``) from its app's ``ready()``:
``builder(user, params)`` returns the Sheet to write, running the list's own
query for ``user`` with ``params`` (the filters as sent). The worker calls it
again: what is written follows today's rules of who sees what, never a stored
query or stored rows. A builder raises PermissionDenied when ``user`` may no
longer export that list.

Running twice is safe: the worker claims the export under a row lock, writes
to a temporary file renamed onto the name chosen when the export was asked
for (a second run writes the same file), and finishes with a conditional
update. The email is claimed the same way (``notified_at``), so it leaves at
most once. It is sent when the export ends unless the progress page asked for
news in the last WATCHING_SECONDS: whoever is watching sees the link there.
"""

import dataclasses
import datetime
import logging
import os
import tempfile
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .files import generated_name
from .models import Export, ExportStatus
from .tabular import FORMATS, write_file
from .tasks import publish_task
from .web import local_url

logger = logging.getLogger(__name__)

TASK_NAME = "core.tasks.export_build_task"
FOLDER = "exports"
# The progress page asks every 1.5 s: silent this long, the person has left it.
WATCHING_SECONDS = 20
# Progress is written every this many rows (one UPDATE each).
PROGRESS_STEP = 1000
# An export's row (not its file, gone at expiry) is kept this long, so that an old link says « expired ».
KEEP_ROWS = datetime.timedelta(days=30)


@dataclasses.dataclass
class Sheet:
    """What a builder returns: the file's name (without extension), its sheet title, columns and rows."""

    name: str
    title: str
    columns: list
    queryset: object
    rows: Callable[[object], Iterable]


_BUILDERS = {}
_MAY_EXPORT = {}


def register(kind, builder, *, may_export):
    """``builder(user, params)`` → Sheet; ``may_export(user)``: whether ``user``'s role may export the list."""
    _BUILDERS[kind] = builder
    _MAY_EXPORT[kind] = may_export


def may_export(user, kind):
    check = _MAY_EXPORT.get(kind)
    return check is not None and bool(check(user))


def background_rows():
    return settings.EXPORT_BACKGROUND_ROWS


def export_create(*, user, kind, export_format, params):
    if kind not in _BUILDERS or export_format not in FORMATS:
        raise ValueError(f"Unknown export {kind}.{export_format}")
    return Export.objects.create(
        user=user,
        kind=kind,
        export_format=export_format,
        params=params,
        file=generated_name(FOLDER, f"export.{export_format}"),
    )


def start_response(request, *, kind, export_format, params, fallback_url):
    """Store the export, queue it, and send the person to its progress page.

    A broker that cannot take the task leaves nothing pending: the export is
    marked failed and the person is sent back with a message.
    """
    export = export_create(user=request.user, kind=kind, export_format=export_format, params=params)
    if not publish_task(TASK_NAME, [export.pk]):
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=_("Le service des tâches de fond ne répondait pas.")
        )
        messages.error(
            request,
            _(
                "L'export n'a pas pu être lancé : le service des tâches de fond ne répond pas. "
                "Réessayez dans quelques minutes, ou affinez les filtres pour un fichier plus petit."
            ),
        )
        return redirect(local_url(request, request.headers.get("referer", ""), fallback_url))
    return redirect("exports:export_detail", pk=export.pk)


def for_user(user):
    """The exports ``user`` may open: their own, and nobody else's."""
    return Export.objects.filter(user=user)


def is_expired(export, now=None):
    if export.status == ExportStatus.EXPIRED:
        return True
    return export.expires_at is not None and export.expires_at <= (now or timezone.now())


def mark_seen(export):
    Export.objects.filter(pk=export.pk).update(last_seen_at=timezone.now())


def _claim(export_id):
    """The export, now running, or None when there is nothing (left) to do."""
    with transaction.atomic():
        export = Export.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.status not in (ExportStatus.PENDING, ExportStatus.RUNNING):
            return None
        export.status = ExportStatus.RUNNING
        export.processed_rows = 0
        export.save(update_fields=["status", "processed_rows"])
    return export


def _counted(export, rows):
    written = 0
    for row in rows:
        yield row
        written += 1
        if written % PROGRESS_STEP == 0:
            Export.objects.filter(pk=export.pk).update(processed_rows=written)


def _write(export, sheet):
    """Write to a temporary file beside the final one, then rename it there: never half a file under its name."""
    path = export.file.storage.path(export.file.name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=os.path.dirname(path), suffix=".part", delete=False)
    try:
        with handle:
            write_file(
                handle, export.export_format, sheet.title, sheet.columns, _counted(export, sheet.rows(sheet.queryset))
            )
        os.replace(handle.name, path)
    except BaseException:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
        raise


def export_build(*, export_id):
    """Write the file of export ``export_id`` for its owner; safe to run twice. Returns the export or None."""
    export = _claim(export_id)
    if export is None:
        return None
    builder = _BUILDERS.get(export.kind)
    try:
        if builder is None or not may_export(export.user, export.kind):
            raise PermissionDenied
        sheet = builder(export.user, export.params)
    except PermissionDenied:
        Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED,
            error=_("Vous n'avez plus accès à cette liste."),
            finished_at=timezone.now(),
        )
        return None
    total = sheet.queryset.order_by().count()
    Export.objects.filter(pk=export.pk).update(total_rows=total)
    try:
        _write(export, sheet)
    except OperationalError:
        raise  # the database was briefly away: the task tries again
    except Exception:
        logger.exception("Export %s failed", export.pk)
        Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, error=_("L'écriture du fichier a échoué."), finished_at=timezone.now()
        )
        return None
    now = timezone.now()
    Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        processed_rows=total,
        total_rows=total,
        filename=f"{sheet.name}.{export.export_format}",
        finished_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS),
    )
    export_notify(export_id=export.pk, now=now)
    export.refresh_from_db()
    return export


def export_notify(*, export_id, now=None):
    """Email the owner that the file is ready, once, unless they are watching its page. Returns whether sent."""
    now = now or timezone.now()
    watching = now - datetime.timedelta(seconds=WATCHING_SECONDS)
    claimed = (
        Export.objects.filter(pk=export_id, status=ExportStatus.DONE, notified_at__isnull=True)
        .exclude(last_seen_at__gt=watching)
        .update(notified_at=now)
    )
    if claimed != 1:
        return False
    export = Export.objects.select_related("user").get(pk=export_id)
    if not export.user.email:
        return False
    link = settings.SITE_URL + reverse("exports:export_detail", args=[export.pk])
    expires = timezone.localtime(export.expires_at)
    # In the language the person chose for their emails (their profile, read
    # by its relation: accounts stands above core).
    profile = getattr(export.user, "profile", None)
    with translation.override(getattr(profile, "language", None) or settings.LANGUAGE_CODE):
        send_mail(
            _("Votre export est prêt : %(name)s") % {"name": export.filename},
            _(
                "Bonjour,\n\nLe fichier que vous avez demandé (%(rows)s lignes) est prêt :\n%(link)s\n\n"
                "Il peut être téléchargé jusqu'au %(date)s à %(time)s, par vous seul(e), après connexion.\n"
            )
            % {
                "rows": formats.number_format(export.total_rows, force_grouping=True),
                "link": link,
                "date": formats.date_format(expires, "SHORT_DATE_FORMAT"),
                "time": formats.time_format(expires, "TIME_FORMAT"),
            },
            None,
            [export.user.email],
        )
    return True


# A pending export nobody took this long after it was asked (its message lost
# with a broker restart) is queued again; one running this long (its worker
# killed, its message not delivered again) too. One older than its retention
# is given up: the person asks again.
REQUEUE_PENDING_AFTER = datetime.timedelta(minutes=5)
REQUEUE_RUNNING_AFTER = datetime.timedelta(minutes=35)  # past the task's hard time limit


def requeue_lost_exports(*, now=None):
    """Queue again the exports whose task was lost; give up those past retention. Returns (requeued, given up)."""
    now = now or timezone.now()
    unfinished = Export.objects.filter(status__in=[ExportStatus.PENDING, ExportStatus.RUNNING])
    too_old = now - datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    given_up = unfinished.filter(created_at__lte=too_old).update(
        status=ExportStatus.FAILED, error=_("Le service des tâches de fond ne répondait pas."), finished_at=now
    )
    lost = unfinished.filter(created_at__gt=too_old).filter(
        Q(status=ExportStatus.PENDING, created_at__lte=now - REQUEUE_PENDING_AFTER)
        | Q(status=ExportStatus.RUNNING, created_at__lte=now - REQUEUE_RUNNING_AFTER)
    )
    requeued = [pk for pk in lost.values_list("pk", flat=True) if publish_task(TASK_NAME, [pk])]
    return requeued, given_up


def _expire(exports):
    erased = 0
    for export in exports:
        if export.file and export.file.storage.exists(export.file.name):
            export.file.storage.delete(export.file.name)
        erased += Export.objects.filter(pk=export.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file=""
        )
    return erased


def forget_exports_for_erasure():
    """After a person's erasure: withdraw every file written before it, and the filters of finished exports.

    A file ready to download may list the person, and a finished export's
    filters may hold their name as typed in a search. Exports still to be
    written keep their filters: the worker writes them from today's data.
    """
    erased = _expire(Export.objects.filter(status=ExportStatus.DONE))
    Export.objects.filter(status__in=[ExportStatus.EXPIRED, ExportStatus.FAILED]).exclude(params={}).update(params={})
    return erased


def purge_expired_exports(*, now=None):
    """Erase the files of expired exports (their rows say « expired »), and rows past KEEP_ROWS. Returns counts."""
    now = now or timezone.now()
    erased = _expire(Export.objects.filter(status=ExportStatus.DONE, expires_at__lte=now))
    old = Export.objects.filter(created_at__lt=now - KEEP_ROWS)
    for export in old.exclude(file=""):
        if export.file.storage.exists(export.file.name):
            export.file.storage.delete(export.file.name)
    deleted, _per_model = old.delete()
    return {"expired": erased, "deleted": deleted}
