"""Telephone numbers as links: what a ``tel:`` address needs from a number typed any way."""

import re


def tel_uri(phone):
    """``tel:+33612345678`` for ``06 12 34 56 78``, ``+33 (0)6 12…`` or ``0033 6…``; ``""`` when there is no number.

    Phones dial a ``tel:`` link as written, so it carries no spaces, dots or
    dashes, and a French national number gets its +33 prefix (the trunk 0
    dropped), which also works from abroad and from a foreign SIM.
    """
    text = (phone or "").strip()
    text = re.sub(r"\(0\)", "", text)
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if len(digits) < 3:
        return ""
    if not plus and digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if not plus and len(digits) == 10 and digits.startswith("0"):
        return f"tel:+33{digits[1:]}"
    return f"tel:+{digits}" if plus else f"tel:{digits}"
