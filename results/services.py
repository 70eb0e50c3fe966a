"""Writes of the results area: the year's targets, set by Direction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from prospects.models import YearTarget

# The agency's own reference figures: 22 projects accompanied in 2011 for 5
# implantations, and a target of about 10 implantations in 2012.
REFERENCE_TARGETS: dict[int, dict[str, Any]] = {
    2011: {"implantations_target": 5, "projects_target": 22},
    2012: {"implantations_target": 10, "projects_target": None},
}


@transaction.atomic
def year_target_set(
    *, year: int, implantations_target: int, projects_target: int | None = None, actor: AbstractBaseUser | None = None
) -> YearTarget:
    """Create or change the targets of one year."""
    target = YearTarget.objects.select_for_update().filter(year=year).first() or YearTarget(year=year)
    target.implantations_target = implantations_target
    target.projects_target = projects_target
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def year_targets_seed() -> list[YearTarget]:
    """Give 2011 and 2012 their reference targets, leaving any target already set alone."""
    created = []
    for year, values in REFERENCE_TARGETS.items():
        target, was_created = YearTarget.objects.get_or_create(year=year, defaults=values)
        if was_created:
            created.append(target)
    return created
