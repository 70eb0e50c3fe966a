"""Import a target list from the command line, as the import page does, and report the times.

    python manage.py import_targets sirene-48.csv --source "SIRENE Lozère" [--owner direction] [--all-or-nothing]

The same services run as behind the page: analysis (the preview), then, when
--dry-run is not given, the import of the valid rows.
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from imports import services
from imports.models import BatchStatus


class Command(BaseCommand):
    help = "Analyse then import a CSV or XLSX target list; prints the preview counts and the time taken."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", required=True)
        parser.add_argument("--owner", help="username of the companies' owner")
        parser.add_argument("--all-or-nothing", action="store_true")
        parser.add_argument("--include-duplicates", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="analyse only")

    def handle(self, *args, path, source, owner, all_or_nothing, include_duplicates, dry_run, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"No such file: {path}")
        owner_user = None
        if owner:
            owner_user = get_user_model().objects.filter(username=owner).first()
            if owner_user is None:
                raise CommandError(f"No user named {owner!r}.")
        started = time.perf_counter()
        try:
            batch = services.batch_create(
                uploaded_file=SimpleUploadedFile(file_path.name, file_path.read_bytes()),
                created_by=owner_user,
                source=source,
                owner=owner_user,
                all_or_nothing=all_or_nothing,
                include_duplicates=include_duplicates,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        batch = services.batch_analyse(batch=batch)
        analysed = time.perf_counter()
        if batch.status == BatchStatus.FAILED:
            raise CommandError(" ".join(batch.errors))
        self.stdout.write(
            f"batch {batch.pk}: {batch.total_rows} rows — {batch.new_count} new, {batch.update_count} updates, "
            f"{batch.duplicate_count} probable duplicates, {batch.error_count} errors "
            f"(analysed in {analysed - started:.1f} s)"
        )
        if dry_run:
            return
        try:
            services.batch_confirm(batch=batch, actor=owner_user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        batch = services.batch_import(batch_id=batch.pk)
        finished = time.perf_counter()
        self.stdout.write(
            f"imported: {batch.created_count} created, {batch.updated_count} updated "
            f"in {finished - analysed:.1f} s; {finished - started:.1f} s in all"
        )
