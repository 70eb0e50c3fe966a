"""Import of target lists, for Direction: upload, preview, confirm, follow progress."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import direction_required
from core import tabular
from core.files import protected_file_response
from core.tasks import queue_task

from . import services, tasks
from .forms import UploadForm
from .models import BatchStatus, ImportBatch, RowStatus
from .parsing import TEMPLATE_COLUMNS

PREVIEW_PAGE_SIZE = 100
WARNINGS_FILTER = "avertissement"


@direction_required
def import_start(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            batch = services.batch_create(
                uploaded_file=data["file"],
                created_by=request.user,
                source=data["source"],
                owner=data["owner"],
                all_or_nothing=data["all_or_nothing"],
                include_duplicates=data["include_duplicates"],
            )
            if services.batch_runs_inline(batch):
                services.batch_analyse(batch=batch)
            else:
                queue_task(tasks.batch_analyse_task.name, batch.pk)
            return redirect(batch)
    else:
        form = UploadForm(initial={"owner": request.user})
    recent = ImportBatch.objects.select_related("created_by")[:10]
    return render(
        request,
        "imports/import_start.html",
        {"form": form, "recent": recent, "retention_days": settings.IMPORT_RETENTION_DAYS},
    )


@direction_required
def batch_detail(request, pk):
    batch = get_object_or_404(ImportBatch.objects.select_related("owner", "created_by"), pk=pk)
    status_filter = request.GET.get("statut", "")
    rows = batch.rows.all()
    if status_filter in RowStatus.values:
        rows = rows.filter(status=status_filter)
    elif status_filter == WARNINGS_FILTER:
        rows = rows.exclude(warnings=[])
    else:
        status_filter = ""
    page = Paginator(rows.order_by("line"), PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.imported = batch.row_imported(row)
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "status_filter": status_filter,
            "row_statuses": RowStatus.choices,
            "warnings_filter": WARNINGS_FILTER,
            "statuses": BatchStatus,
        },
    )


@direction_required
@require_POST
def batch_confirm(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        batch = services.batch_confirm(batch=batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(batch)
    if services.batch_runs_import_inline(batch):
        services.batch_import(batch_id=batch.pk)
        messages.success(request, _("Import terminé."))
    else:
        queue_task(tasks.batch_import_task.name, batch.pk)
    return redirect(batch)


@direction_required
@require_GET
def batch_file(request, pk):
    """The uploaded file, as sent, under its original name: Direction only, like every import page."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    response = protected_file_response(batch.file, download_name=batch.original_name, as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response


@direction_required
def batch_status(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    return JsonResponse(
        {
            "status": batch.status,
            "label": batch.get_status_display(),
            "running": batch.is_running,
            "percent": batch.progress_percent,
            "processed": batch.processed_rows,
            "total": batch.total_rows,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "url": reverse("imports:batch_detail", args=[batch.pk]),
        }
    )


@direction_required
def template_download(request):
    columns = [str(label) for _field, label in TEMPLATE_COLUMNS]
    rows = services.template_rows()
    export_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return tabular.export_response(export_format, "modele-import-lozdev", _("Entreprises"), columns, rows)
