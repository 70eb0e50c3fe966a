"""Where suggestions of establishments come from: the local directory, the State's public API, or nowhere.

One interface, ``search(text, limit) -> Answer``: establishments not yet
companies as plain ``Suggestion`` rows, and a French note when the source
could not answer. A provider never raises and never waits long: the forms
that ask it must stay usable when it fails.

Settings: ``SIRENE_PROVIDER`` (``"local"``, the default, or ``"none"``);
``SIRENE_API_ENABLED`` (off by default) adds the public « Recherche
d'entreprises » API after the local directory when it finds nothing;
``SIRENE_API_URL``, ``SIRENE_API_TIMEOUT`` (2 s), ``SIRENE_API_CACHE_SECONDS``.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _

from core.identifiers import digits_only, fold, normalize_naf
from prospects.models import Company, Sector, WorkforceBand
from prospects.selectors import sector_for_naf

from .models import Establishment

API_URL = "https://recherche-entreprises.api.gouv.fr/search"
# After a 429 the API is left alone this long: its limit is per address.
API_PAUSE_SECONDS = 60
API_PAUSED_KEY = "directory:api-paused"
BANDS = frozenset(WorkforceBand.values)
IDENTIFIER = re.compile(r"[\d\s]+")


@dataclass
class Suggestion:
    """What a form fills from an establishment: the fields of a new company."""

    siret: str
    name: str
    sign: str = ""
    naf: str = ""
    workforce_band: str = WorkforceBand.UNKNOWN
    address: str = ""
    postcode: str = ""
    city: str = ""
    department: str = ""
    active: bool = True
    sector_id: int | None = None
    source: str = "local"

    @property
    def label(self):
        if self.sign and self.sign.lower() != self.name.lower():
            return f"{self.sign} ({self.name})"
        return self.name

    def as_json(self):
        return {**asdict(self), "label": self.label}


@dataclass
class Answer:
    suggestions: list = field(default_factory=list)
    note: str = ""


def identifier_query(text):
    """A SIRET (14 digits) or a SIREN (9) as typed, spaces allowed: ``("siret", "…")``; else ``None``."""
    if not IDENTIFIER.fullmatch(text or ""):
        return None
    digits = digits_only(text)
    if len(digits) == 14:
        return "siret", digits
    if len(digits) == 9:
        return "siren", digits
    return None


def _followed_sirets(sirets):
    return set(Company.objects.filter(siret__in=sirets).values_list("siret", flat=True))


class LocalProvider:
    """The directory loaded by ``sirene_load``: active establishments whose SIRET no company has."""

    def search(self, text, limit):
        establishments = Establishment.objects.filter(active=True)
        identifier = identifier_query(text)
        if identifier:
            establishments = establishments.filter(**{identifier[0]: identifier[1]})
        else:
            words = fold(text).split()
            if not words:
                return Answer()
            for word in words:
                establishments = establishments.filter(search_name__contains=word)
        # A few more than asked: some may already be companies. Unordered: sorting
        # every match of a common word costs more than the page of suggestions.
        rows = list(
            establishments.order_by().only(
                "siret", "name", "sign", "naf", "workforce_band", "address", "postcode", "city", "department"
            )[: limit * 2]
        )
        if not rows:
            return Answer()
        followed = _followed_sirets([row.siret for row in rows])
        sectors = list(Sector.objects.all())
        return Answer(
            [
                Suggestion(
                    siret=row.siret,
                    name=row.name,
                    sign=row.sign,
                    naf=row.naf,
                    workforce_band=row.workforce_band,
                    address=row.address,
                    postcode=row.postcode,
                    city=row.city.title(),
                    department=row.department,
                    sector_id=getattr(sector_for_naf(row.naf, sectors), "pk", None),
                )
                for row in rows
                if row.siret not in followed
            ][:limit]
        )


class NoProvider:
    def search(self, text, limit):
        return Answer()


class ApiProvider:
    """The public « Recherche d'entreprises » API: no key, a per-address rate limit, answers cached a day."""

    def __init__(self, url=None, timeout=None, cache_seconds=None):
        self.url = url or getattr(settings, "SIRENE_API_URL", API_URL)
        self.timeout = timeout if timeout is not None else getattr(settings, "SIRENE_API_TIMEOUT", 2)
        self.cache_seconds = cache_seconds or getattr(settings, "SIRENE_API_CACHE_SECONDS", 24 * 3600)

    def search(self, text, limit):
        if cache.get(API_PAUSED_KEY):
            return Answer(note=_("L'annuaire en ligne reçoit trop de demandes : réessayez dans une minute."))
        query = urllib.parse.urlencode({"q": text, "per_page": limit, "page": 1})
        key = "directory:api:" + fold(query)[:200]
        payload = cache.get(key)
        if payload is None:
            try:
                with urllib.request.urlopen(f"{self.url}?{query}", timeout=self.timeout) as response:  # noqa: S310
                    payload = json.loads(response.read(2_000_000).decode("utf-8"))
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    cache.set(API_PAUSED_KEY, True, API_PAUSE_SECONDS)
                    return Answer(note=_("L'annuaire en ligne reçoit trop de demandes : réessayez dans une minute."))
                return Answer(note=_("L'annuaire en ligne ne répond pas : saisissez l'entreprise à la main."))
            except (urllib.error.URLError, TimeoutError, ValueError, OSError):
                return Answer(note=_("L'annuaire en ligne ne répond pas : saisissez l'entreprise à la main."))
            cache.set(key, payload, self.cache_seconds)
        suggestions = [item for item in map(_from_api, _api_results(payload)) if item]
        followed = _followed_sirets([item.siret for item in suggestions])
        return Answer([item for item in suggestions if item.siret not in followed][:limit])


def _api_results(payload):
    results = payload.get("results") if isinstance(payload, dict) else None
    return [result for result in results if isinstance(result, dict)] if isinstance(results, list) else []


def _from_api(result):
    """A legal unit of the API's answer as its matching establishment (or its head office)."""
    matching = result.get("matching_etablissements") or []
    place = matching[0] if matching and isinstance(matching[0], dict) else result.get("siege") or {}
    if not isinstance(place, dict):
        return None
    siret = digits_only(str(place.get("siret") or ""))
    if len(siret) != 14:
        return None
    naf = normalize_naf(str(place.get("activite_principale") or result.get("activite_principale") or ""))
    band = str(place.get("tranche_effectif_salarie") or result.get("tranche_effectif_salarie") or "NN")
    commune = str(place.get("commune") or "")
    return Suggestion(
        siret=siret,
        name=str(result.get("nom_raison_sociale") or result.get("nom_complet") or siret)[:200],
        sign=str((place.get("liste_enseignes") or [""])[0] or "")[:200],
        naf=naf[:6],
        workforce_band=band if band in BANDS else WorkforceBand.UNKNOWN,
        address=_street(str(place.get("adresse") or ""), str(place.get("code_postal") or "")),
        postcode=str(place.get("code_postal") or "")[:5],
        city=str(place.get("libelle_commune") or "").title()[:100],
        department=commune[:3] if commune.startswith("97") else commune[:2],
        active=place.get("etat_administratif", "A") == "A",
        sector_id=getattr(sector_for_naf(naf), "pk", None),
        source="api",
    )


def _street(address, postcode):
    """The API's one-line address without its postcode and city (they have fields of their own)."""
    if postcode and postcode in address:
        address = address[: address.index(postcode)]
    return address.strip(" ,")[:255]


def search_directory(text, limit=5):
    """Establishments not yet companies for ``text``, from the configured sources; never raises."""
    text = " ".join((text or "").split())[:100]
    if len(text) < 2:
        return Answer()
    provider = NoProvider() if getattr(settings, "SIRENE_PROVIDER", "local") == "none" else LocalProvider()
    answer = provider.search(text, limit)
    if not answer.suggestions and getattr(settings, "SIRENE_API_ENABLED", False):
        return ApiProvider().search(text, limit)
    return answer


def text_filter(text):
    """The condition on directory rows for a typed SIRET, SIREN or words (targeting's text box)."""
    identifier = identifier_query(text)
    if identifier:
        return Q(**{identifier[0]: identifier[1]})
    query = Q()
    for word in fold(text).split():
        query &= Q(search_name__contains=word)
    return query
