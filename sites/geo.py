"""Where a zone or site is: communes from La Poste's base, and France's extent."""

from decimal import Decimal

from core import communes

# (south, north, west, east) in decimal degrees: metropolitan France with
# Corsica, then the five overseas départements. Generous by a few kilometres
# so that coastal sites are never refused.
FRANCE_BOXES = {
    "metropole": (41.3, 51.15, -5.2, 9.6),
    "guadeloupe": (15.8, 16.55, -61.85, -60.95),
    "martinique": (14.35, 14.9, -61.25, -60.8),
    "guyane": (2.1, 5.8, -54.65, -51.6),
    "reunion": (-21.4, -20.85, 55.2, 55.85),
    "mayotte": (-13.05, -12.6, 45.0, 45.3),
}


def in_france(latitude, longitude):
    lat, lng = float(latitude), float(longitude)
    return any(south <= lat <= north and west <= lng <= east for south, north, west, east in FRANCE_BOXES.values())


def resolve_commune(*, insee_code="", postcode="", name=""):
    """The La Poste commune for an INSEE code, or else a postcode and a name; None if unknown."""
    if insee_code:
        return communes.commune_by_insee(insee_code.strip())
    if postcode:
        return communes.find_commune(postcode.strip(), name or "")
    return None


def display_name(commune):
    """``ST CHELY D APCHER`` as La Poste writes it → ``St Chely D Apcher``: better than capitals."""
    return commune.name.title()


def coordinate(value):
    return Decimal(str(round(value, 6)))
