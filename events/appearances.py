"""Writing trade shows and the agency's appearances at them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prospects.models import Company, Sector

from .models import Appearance, TradeShow
from .services import prefixed_errors


@transaction.atomic
def tradeshow_create(
    *,
    name: str,
    scope: str,
    sectors: Iterable[Sector] = (),
    organiser: str = "",
    website: str = "",
    is_demo: bool = False,
) -> TradeShow:
    trade_show = TradeShow(name=(name or "").strip(), scope=scope, organiser=organiser, website=website)
    trade_show.is_demo = is_demo
    trade_show.full_clean()
    trade_show.save()
    trade_show.sectors.set(sectors)
    return trade_show


def _check_one_appearance_per_year(appearance: Appearance) -> None:
    others = Appearance.objects.filter(trade_show=appearance.trade_show_id, year=appearance.year)
    if appearance.pk:
        others = others.exclude(pk=appearance.pk)
    if others.exists():
        raise ValidationError(
            {"starts_on": _("L'agence a déjà une participation à ce salon en %(year)s.") % {"year": appearance.year}}
        )


def _save_appearance(
    appearance: Appearance, staff: Iterable[User] | None, partner_companies: Iterable[Company] | None
) -> Appearance:
    if appearance.starts_on:
        appearance.year = appearance.starts_on.year
    if appearance.starts_on and appearance.ends_on and appearance.ends_on < appearance.starts_on:
        raise ValidationError({"ends_on": _("La date de fin ne peut pas précéder la date de début.")})
    appearance.full_clean(validate_constraints=False)
    _check_one_appearance_per_year(appearance)
    appearance.validate_constraints()
    appearance.save()
    if staff is not None:
        appearance.staff.set(staff)
    if partner_companies is not None:
        appearance.partner_companies.set(partner_companies)
    return appearance


@transaction.atomic
def appearance_create(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    city: str,
    trade_show: TradeShow | None = None,
    new_trade_show: Mapping[str, Any] | None = None,
    actor: User | None = None,
    staff: Iterable[User] = (),
    partner_companies: Iterable[Company] = (),
    **fields: Any,
) -> Appearance:
    """An appearance at a known show, or at a new one described by ``new_trade_show`` (tradeshow_create's fields)."""
    is_demo = fields.pop("is_demo", False)
    if trade_show is None:
        if not new_trade_show:
            raise ValidationError({"trade_show": _("Choisissez un salon ou donnez le nom du nouveau.")})
        try:
            trade_show = tradeshow_create(**new_trade_show, is_demo=is_demo)
        except ValidationError as error:
            raise prefixed_errors(error, "new_show_") from error
    appearance = Appearance(trade_show=trade_show, starts_on=starts_on, ends_on=ends_on, city=city, **fields)
    appearance.is_demo = is_demo
    return _save_appearance(appearance, staff, partner_companies)


@transaction.atomic
def appearance_update(
    *,
    appearance: Appearance,
    actor: User | None = None,
    staff: Iterable[User] | None = None,
    partner_companies: Iterable[Company] | None = None,
    **fields: Any,
) -> Appearance:
    for name, value in fields.items():
        if not hasattr(appearance, name):
            raise TypeError(f"Appearance has no field {name!r}")
        setattr(appearance, name, value)
    return _save_appearance(appearance, staff, partner_companies)
