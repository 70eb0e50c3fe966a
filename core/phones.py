"""Telephone numbers as people type them, stored one way.

A French number is accepted however it is typed (« 06 12 34 56 78 »,
« 0612345678 », « 06.12.34.56.78 », « +33 6 12 34 56 78 », « 0033… ») and
stored in its national form, « 06 12 34 56 78 »: what the pages show, what
people dial, and what the GDPR erasure looks for in free text (a number
starting with 0, in any spacing, or its +33 form). A number of another
country must start with its prefix and is stored in international form,
« +44 20 7946 0958 ». Google's libphonenumber (``phonenumbers``) knows which
numbers exist in each country.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "FR"

_INVALID = _(
    "« %(value)s » n'est pas un numéro de téléphone valide : tapez par exemple 06 12 34 56 78, "
    "ou +32 2 123 45 67 pour un numéro étranger."
)


def _parse(value):
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_INVALID, code="invalid_phone", params={"value": value})
    return number


def normalize_phone(value):
    """The stored form of a number typed any way; ``""`` for nothing; ValidationError if it is no number."""
    value = (value or "").strip()
    if not value:
        return ""
    number = _parse(value)
    if number.country_code == phonenumbers.country_code_for_region(DEFAULT_REGION):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone(value):
    """Model and form validator: the value must be a number ``normalize_phone`` accepts."""
    normalize_phone(value)


def display_phone(value):
    """A stored number as pages show it; text that is no number (rows written before the rule) as it is."""
    try:
        return normalize_phone(value)
    except ValidationError:
        return value or ""


def tel_uri(value):
    """``tel:`` link target in E.164 (``tel:+33612345678``), or ``""`` when the value is no number."""
    try:
        number = _parse((value or "").strip())
    except ValidationError:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
