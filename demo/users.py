"""Demo accounts, one per role, all with the password ``lozdev-demo``."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import GROUP_NAMES, Role

DEMO_PASSWORD = "lozdev-demo"

DEMO_USERS = [
    # username, first name, last name, email, role (None = superuser)
    ("admin", "Alice", "Administratrice", "admin@lozdev.localhost", None),
    ("direction", "Dominique", "Roux", "direction@lozdev.localhost", Role.DIRECTION),
    ("mission", "Camille", "Martin", "mission@lozdev.localhost", Role.MISSION),
    ("malzieu", "Julie", "Chabert", "malzieu@lozdev.localhost", Role.MISSION),
    ("observateur", "Olivier", "Bastide", "observateur@lozdev.localhost", Role.OBSERVER),
]


def seed(stdout=None):
    User = get_user_model()
    users = {}
    for username, first, last, email, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": email},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role in (None, Role.DIRECTION)
            user.is_superuser = role is None
            user.save()
        if role is not None:
            user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        users[username] = user
    return users
