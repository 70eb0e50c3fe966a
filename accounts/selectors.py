from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import Profile
from .roles import GROUP_NAMES, Role


def profile_for(user):
    """The user's profile, created with defaults on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def staff_users():
    """The people work can be given to: active chargés de mission and Direction.

    A superuser counts as Direction (``accounts.roles``), so an administrator
    without a group is listed too. Ordered as names are read out: first name,
    then last name.
    """
    User = get_user_model()
    working_groups = [GROUP_NAMES[Role.MISSION], GROUP_NAMES[Role.DIRECTION]]
    in_a_working_group = User.objects.filter(groups__name__in=working_groups).values("pk")
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=in_a_working_group), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def direction_users():
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.DIRECTION]).distinct()
