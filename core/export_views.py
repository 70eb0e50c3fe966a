"""The pages of a background export (core.exports): its progress, its state as JSON, its file.

Each is its owner's alone: anyone else's export answers 404, as an unknown id;
and only while the owner's role still lets them export that list (403).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import exports
from .files import protected_file_response
from .models import ExportStatus


def _own_export(request, pk):
    """The requester's export; 403 when their role no longer lets them export that list."""
    export = get_object_or_404(exports.for_user(request.user), pk=pk)
    if not exports.may_export(request.user, export.kind):
        raise PermissionDenied
    return export


def _expired_response(request, export):
    context = {"export": export, "retention_hours": settings.EXPORT_RETENTION_HOURS}
    return render(request, "core/export_expired.html", context, status=410)


@login_required
@require_GET
def export_detail(request, pk):
    export = _own_export(request, pk)
    if export.is_running:
        exports.mark_seen(export)
    return render(
        request,
        "core/export_detail.html",
        {"export": export, "expired": exports.is_expired(export), "statuses": ExportStatus},
    )


@login_required
@require_GET
@never_cache
def export_status(request, pk):
    export = _own_export(request, pk)
    exports.mark_seen(export)
    return JsonResponse(
        {
            "status": export.status,
            "label": export.get_status_display(),
            "running": export.is_running,
            "percent": export.progress_percent,
            "processed": export.processed_rows,
            "total": export.total_rows,
            "url": reverse("exports:export_detail", args=[export.pk]),
        }
    )


@login_required
@require_GET
def export_file(request, pk):
    export = _own_export(request, pk)
    if exports.is_expired(export):
        return _expired_response(request, export)
    if export.status != ExportStatus.DONE:
        return render(
            request,
            "core/export_detail.html",
            {"export": export, "expired": False, "statuses": ExportStatus},
            status=409,
        )
    response = protected_file_response(export.file, download_name=export.filename, as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response
