from django.core.management.base import BaseCommand

from reminders.services import reminders_scan


class Command(BaseCommand):
    help = (
        "Run the reminder scan now (what beat does every five minutes): claim what is due and queue it "
        "for the Celery worker."
    )

    def handle(self, *args, **options):
        claimed, requeued = reminders_scan()
        for reminder in claimed:
            self.stdout.write(f"Queued: {reminder}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(claimed)} reminder(s) claimed and queued, {len(requeued)} queued again.")
        )
