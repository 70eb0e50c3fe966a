from django.contrib.auth import get_user_model

from .models import Profile
from .roles import GROUP_NAMES, Role


def profile_for(user):
    """The user's profile, created with defaults on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def staff_users():
    """Active chargés de mission and Direction, for assignee choices."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name__in=[GROUP_NAMES[Role.MISSION], GROUP_NAMES[Role.DIRECTION]])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def direction_users():
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.DIRECTION]).distinct()
