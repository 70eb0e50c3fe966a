from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import F, Q, QuerySet

from .models import ApiToken, Profile, api_token_digest, is_api_token
from .roles import GROUP_NAMES, Role


def profile_for(user: User) -> Profile:
    """The user's profile, created with defaults on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def staff_users() -> QuerySet[User]:
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


def direction_users() -> QuerySet[User]:
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.DIRECTION]).distinct()


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, the active ones first, for their profile page."""
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-id")


def api_token_for(raw: str) -> ApiToken | None:
    """The active token whose hash is that of ``raw``, with its user; None for anything else."""
    if not is_api_token(raw):
        return None
    return ApiToken.objects.active().select_related("user").filter(digest=api_token_digest(raw)).first()
