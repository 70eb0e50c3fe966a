"""The three roles of lozdev, as Django groups, and the checks views use.

- Chargé de mission: the staff who prospect; reads and writes the CRM.
- Direction: everything, confidential projects, reassignment, targets, imports.
- Observateur: funders and board members; dashboard and annual report only,
  never a person's name, email or phone.
A superuser counts as Direction.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MISSION = "mission", _("Chargé de mission")
    DIRECTION = "direction", _("Direction")
    OBSERVER = "observer", _("Observateur")


# Group names are stored in French: they are what administrators see.
GROUP_NAMES = {
    Role.MISSION: "Chargé de mission",
    Role.DIRECTION: "Direction",
    Role.OBSERVER: "Observateur",
}
ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}

# Model permissions given to each group (app_label, codename prefixes, models).
_STAFF_MODELS = {
    "prospects": ["company", "contact", "interaction", "project", "followup", "projectmember"],
    "events": ["tradeshow", "appearance"],
    "offer": ["programme", "zone", "site", "siteproposal"],
}
_DIRECTION_EXTRA = {
    "prospects": ["sector", "yeartarget", "retentionnotice"],
    "imports": ["importbatch"],
    "reminders": ["reminder"],
    # The admin's list of second factors, to reset a lost phone's.
    "accounts": ["twofactordevice"],
}
_STAFF_ACTIONS = ("view", "add", "change")
_DIRECTION_ACTIONS = ("view", "add", "change", "delete")


def user_role(user):
    """The user's role, or None for an account without one."""
    if not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_lozdev_role", False)
    if cached is not False:
        return cached
    if user.is_superuser:
        role = Role.DIRECTION
    else:
        names = set(user.groups.values_list("name", flat=True))
        role = None
        for candidate in (Role.DIRECTION, Role.MISSION, Role.OBSERVER):
            if GROUP_NAMES[candidate] in names:
                role = candidate
                break
    user._lozdev_role = role
    return role


def is_direction(user):
    return user_role(user) == Role.DIRECTION


def is_staff_member(user):
    """Chargé de mission or Direction: the people who work the CRM."""
    return user_role(user) in (Role.MISSION, Role.DIRECTION)


def is_observer(user):
    return user_role(user) == Role.OBSERVER


def _role_required(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _role_required(is_staff_member)
direction_required = _role_required(is_direction)
any_role_required = _role_required(lambda user: user_role(user) is not None)


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give each role group its model permissions; idempotent."""
    from django.contrib.auth.models import Group, Permission

    def perms(models_by_app, actions):
        wanted = [
            (app, f"{action}_{model}") for app, names in models_by_app.items() for model in names for action in actions
        ]
        found = []
        for app, codename in wanted:
            found.extend(Permission.objects.using(using).filter(content_type__app_label=app, codename=codename))
        return found

    staff = perms(_STAFF_MODELS, _STAFF_ACTIONS)
    direction = perms(_STAFF_MODELS, _DIRECTION_ACTIONS) + perms(_DIRECTION_EXTRA, _DIRECTION_ACTIONS)
    for role, permissions in ((Role.MISSION, staff), (Role.DIRECTION, direction), (Role.OBSERVER, [])):
        group, _created = Group.objects.using(using).get_or_create(name=GROUP_NAMES[role])
        group.permissions.set(permissions)
