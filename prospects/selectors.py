"""Reads that several screens share."""

from django.db.models import Q

from .identifiers import normalize_company_name
from .models import Company, Sector


def sector_for_naf(naf_code, sectors=None):
    """The sector whose NAF prefix matches the code most precisely, or None."""
    if not naf_code:
        return None
    best, best_length = None, -1
    for sector in sectors if sectors is not None else Sector.objects.all():
        for prefix in sector.prefixes():
            if naf_code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = sector, len(prefix)
    return best


def company_probable_duplicates(*, name, postcode="", siret="", exclude_pk=None, limit=5):
    """Companies that are probably the one being entered.

    Same SIRET, or the same normalised name (case, accents and legal-form
    words ignored) with the same postcode — or anywhere, when no postcode is
    known yet.
    """
    normalized = normalize_company_name(name or "")
    condition = Q()
    if normalized:
        name_match = Q(normalized_name=normalized)
        condition |= name_match & Q(postcode=postcode) if postcode else name_match
    if siret:
        condition |= Q(siret=siret)
    if not condition:
        return Company.objects.none()
    queryset = Company.objects.filter(condition).select_related("sector").order_by("name", "id")
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset[:limit]
