"""``{{ value|money }}``: an amount in euros as the active language writes it, « 1 500 € » or « €1,500 ».

The digits come from Django's localization (the language's separators and
grouping); where the sign goes comes from ``MONEY_FORMAT`` in
core/formats/<language>/formats.py. ``{{ value|money:2 }}`` keeps two decimals
(prices per m²); the default is whole euros.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def money(value, decimals=0):
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return value
    digits = formats.number_format(abs(amount), decimal_pos=int(decimals), use_l10n=True, force_grouping=True)
    return ("-" if amount < 0 else "") + formats.get_format("MONEY_FORMAT").format(amount=digits)
