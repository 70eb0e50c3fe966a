from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import current as current_demo
from demo import directory as directory_demo
from demo import offer as sites_demo
from demo import shows as events_demo
from demo import users as accounts_demo
from demo.users import DEMO_PASSWORD, DEMO_USERS
from results.services import year_targets_seed


class Command(BaseCommand):
    help = (
        "Load the demo data (the agency's 2012 programme as history, this year's dated from today) "
        "and the demo accounts. Idempotent."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production: demo data has no place there.")
        with transaction.atomic():
            users = accounts_demo.seed()
            # Sites first (programmes, zones, buildings), then the shows of
            # 2012 and of this year with their companies, leads and projects,
            # then the sites proposed to those projects, and last how the 2012
            # projects still open ended.
            sites_demo.seed(users)
            events_demo.seed(users)
            current_demo.seed(users)
            sites_demo.seed_proposals(users)
            events_demo.seed_outcomes(users)
            year_targets_seed()
            directory_demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for username, _first, _last, _email, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label if role else 'superuser (admin)'}")
