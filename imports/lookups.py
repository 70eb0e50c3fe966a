"""What an import file is checked against: NAF codes, sectors, communes, and the companies already there."""

from dataclasses import dataclass, field

from prospects.models import Company, NafCode, Sector
from prospects.selectors import sector_for_naf
from prospects.services import company_prepare

# SIRETs or names looked up per query.
IN_CHUNK = 2000


@dataclass
class Lookups:
    """What the whole file is checked against, loaded once."""

    naf_codes: set
    sectors: list
    siret_ids: dict = field(default_factory=dict)
    name_ids: dict = field(default_factory=dict)
    places: dict = field(default_factory=dict)
    sector_ids: dict = field(default_factory=dict)

    def sector_id(self, naf_code):
        """The sector derived from a NAF code (sector_for_naf), once per code."""
        if naf_code not in self.sector_ids:
            sector = sector_for_naf(naf_code, sectors=self.sectors)
            self.sector_ids[naf_code] = sector.pk if sector else None
        return self.sector_ids[naf_code]

    def place(self, postcode, city):
        """Commune, département and city for a postcode and city, as company_prepare derives them.

        Derived once per distinct pair: a file holds thousands of rows for
        the same few communes.
        """
        key = (postcode, city)
        if key not in self.places:
            probe = Company(postcode=postcode, city=city, sector_set_manually=True)
            company_prepare(probe)
            self.places[key] = (probe.postcode, probe.city, probe.commune_code, probe.department)
        return self.places[key]

    @classmethod
    def load(cls):
        return cls(naf_codes=set(NafCode.objects.values_list("code", flat=True)), sectors=list(Sector.objects.all()))

    def load_existing(self, sirets, names):
        sirets, names = sorted(sirets), sorted(names)
        for start in range(0, len(sirets), IN_CHUNK):
            chunk = sirets[start : start + IN_CHUNK]
            self.siret_ids.update(Company.objects.filter(siret__in=chunk).values_list("siret", "id"))
        for start in range(0, len(names), IN_CHUNK):
            chunk = names[start : start + IN_CHUNK]
            rows = Company.objects.filter(normalized_name__in=chunk).values_list("normalized_name", "postcode", "id")
            for name, postcode, pk in rows.order_by("id"):
                self.name_ids.setdefault((name, postcode), pk)
                self.name_ids.setdefault((name, None), pk)
