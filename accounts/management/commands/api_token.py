"""``manage.py api_token USERNAME [--name NAME]``: print a new API token for a script."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import user_role
from accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for, shown on the profile page")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        if user_role(user) is None:
            # A token of an account without a role would be refused on every call.
            raise CommandError(f"{username!r} is inactive or has no role: the API would refuse the token.")
        try:
            _token, raw = api_token_create(user=user, name=name or "script")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(raw)
