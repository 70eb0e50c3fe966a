from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reminders.services import digest_request


class Command(BaseCommand):
    help = (
        "Queue today's daily digest for one person now, whatever the hour, the day or their preference; "
        "the Celery worker sends it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username of the recipient.")
        parser.add_argument("--again", action="store_true", help="Send it again if it was already sent today.")

    def handle(self, *args, user, again, **options):
        User = get_user_model()
        try:
            recipient = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        if not recipient.email:
            raise CommandError(f"{user} has no email address.")
        reminder = digest_request(user=recipient, again=again)
        if reminder is None:
            self.stdout.write(f"Today's digest for {user} was already claimed; use --again to send it again.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Digest for {user} queued (reminder {reminder.pk}); the worker sends it.")
        )
