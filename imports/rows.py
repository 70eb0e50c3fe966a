"""One row of an import file: read it (lozdev template or SIRENE), check and normalise it, classify it.

``clean_row`` turns a row into the company fields an import writes, or its
errors in French, and its warnings (a cell not understood, left empty: the
row is imported all the same); ``classify`` marks each cleaned row new, update, duplicate
or error against the lookups and the rows before it. The batch lifecycle is
in imports.services.
"""

import functools
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core import communes
from core.identifiers import fold, is_naf_code, normalize_naf
from core.sirene import street_address
from prospects.models import Company, LegalForm, WorkforceBand
from prospects.services import company_prepare

from .models import FileLayout, ImportRow, RowStatus
from .parsing import Formula, cell_text

# What an import writes on a company, all derived the way company_create does.
COMPANY_FIELDS = [
    "name",
    "siren",
    "siret",
    "naf_code_id",
    "sector_id",
    "workforce_band",
    "legal_form",
    "address",
    "postcode",
    "city",
    "commune_code",
    "department",
    "phone",
    "website",
    "fit_score",
    "notes",
    "search_text",
    "normalized_name",
    "sort_name",
]
# Foreign keys are checked against the lookups instead of a query per row;
# the other fields here are set by the import itself, never from the file.
FULL_CLEAN_EXCLUDE = [
    "naf_code",
    "sector",
    "owner",
    "stage",
    "search_text",
    "normalized_name",
    "sort_name",
    "last_contact_at",
]
WORKFORCE_BANDS = frozenset(WorkforceBand.values)
LEGAL_FORMS = frozenset(LegalForm.values)
# Legal forms as people write them, compared folded and without dots or dashes (« S.A.S. », « Sarl »).
LEGAL_FORM_NAMES = {
    LegalForm.SOLE_TRADER: [
        "ei",
        "entrepreneur individuel",
        "entreprise individuelle",
        "auto entrepreneur",
        "autoentrepreneur",
        "micro entrepreneur",
        "microentrepreneur",
        "micro entreprise",
    ],
    LegalForm.SNC: ["snc", "societe en nom collectif"],
    LegalForm.EURL: [
        "eurl",
        "entreprise unipersonnelle a responsabilite limitee",
        "sarl unipersonnelle",
        "sarlu",
    ],
    LegalForm.SARL: ["sarl", "societe a responsabilite limitee"],
    LegalForm.SA: ["sa", "societe anonyme", "sa a conseil d administration"],
    LegalForm.SAS: ["sas", "societe par actions simplifiee"],
    LegalForm.SASU: ["sasu", "sas unipersonnelle", "societe par actions simplifiee unipersonnelle"],
    LegalForm.SCOP: [
        "scop",
        "societe cooperative et participative",
        "societe cooperative ouvriere de production",
        "scop sarl cooperative",
    ],
    LegalForm.COOP: ["cooperative agricole", "societe cooperative agricole"],
    LegalForm.SCI: ["sci", "societe civile immobiliere"],
    LegalForm.ASSOCIATION: [
        "association",
        "asso",
        "association declaree",
        "association loi 1901",
        "association loi de 1901",
    ],
    LegalForm.OTHER: ["autre"],
}


@dataclass
class Seen:
    """The SIRETs and (name, postcode) pairs met so far in the file, with their line: a later one is a duplicate."""

    sirets: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)


def classify(batch, cleaned, lookups, seen=None):
    """The preview row of each cleaned line; ``seen`` carries what earlier chunks of the same file held."""
    seen = seen if seen is not None else Seen()
    seen_sirets, seen_names = seen.sirets, seen.names
    rows = []
    for line, data, errors, warnings in cleaned:
        row = ImportRow(batch=batch, line=line, data=data, errors=errors, warnings=warnings)
        siret, name, postcode = data.get("siret"), data.get("normalized_name"), data.get("postcode") or None
        if not errors and siret and siret in seen_sirets:
            errors.append(_("Même SIRET que la ligne %(line)s du fichier.") % {"line": seen_sirets[siret]})
        if errors:
            row.status = RowStatus.ERROR
        elif siret and siret in lookups.siret_ids:
            row.status, row.company_id = RowStatus.UPDATE, lookups.siret_ids[siret]
        elif (name, postcode) in lookups.name_ids:
            row.status, row.company_id = RowStatus.DUPLICATE, lookups.name_ids[(name, postcode)]
            row.errors = [_("Même nom et même code postal qu'une entreprise existante.")]
        elif (name, postcode) in seen_names:
            row.status = RowStatus.DUPLICATE
            row.errors = [
                _("Même nom et même code postal que la ligne %(line)s.") % {"line": seen_names[(name, postcode)]}
            ]
        else:
            row.status = RowStatus.NEW
        if row.status != RowStatus.ERROR:
            if siret:
                seen_sirets.setdefault(siret, line)
            seen_names.setdefault((name, postcode), line)
        rows.append(row)
    return rows


def _raw_template(table, row):
    def get(field_name, width=0):
        index = table.columns.get(field_name)
        return cell_text(row[index], width=width) if index is not None and index < len(row) else ""

    raw = {name: get(name) for name in table.columns}
    raw["siret"] = get("siret", width=14)
    raw["postcode"] = get("postcode", width=5)
    raw["workforce_band"] = get("workforce_band", width=2)
    return raw, []


def _raw_sirene(table, row):
    """Company fields from a SIRENE record, without personal data when it is not public."""

    def get(column, width=0):
        index = table.columns.get(column)
        return cell_text(row[index], width=width) if index is not None and index < len(row) else ""

    errors = []
    private = get("statutDiffusionEtablissement").upper() == "P"
    if get("etatAdministratifEtablissement").upper() == "F":
        errors.append(_("Établissement fermé (état administratif F)."))
    nomenclature = get("nomenclatureActivitePrincipaleEtablissement")
    if nomenclature and nomenclature.replace(" ", "").upper() != "NAFREV2":
        errors.append(
            _("Nomenclature d'activité %(name)s non prise en charge (NAFRev2 attendue).") % {"name": nomenclature}
        )
    legal = get("categorieJuridiqueUniteLegale", width=4)
    siret = get("siret", width=14) or (get("siren", width=9) + get("nic", width=5))
    denomination = get("denominationUniteLegale")
    sole_trader = legal.startswith("1") or (not denomination and bool(get("nomUniteLegale")))
    name = denomination or get("denominationUsuelleEtablissement") or get("enseigne1Etablissement")
    if not name and sole_trader:
        if private:
            # The person objected to prospecting use: their name is not imported.
            name = _("Entrepreneur individuel %(siret)s") % {"siret": siret}
        else:
            name = " ".join(filter(None, [get("prenom1UniteLegale"), get("nomUniteLegale")]))
    address = ""
    if not private:
        address = street_address(
            get("numeroVoieEtablissement"),
            get("indiceRepetitionEtablissement"),
            get("typeVoieEtablissement"),
            get("libelleVoieEtablissement"),
        )
    raw = {
        "name": name,
        "siret": siret,
        "naf_code": get("activitePrincipaleEtablissement"),
        "workforce_band": get("trancheEffectifsEtablissement", width=2),
        "legal_form": legal,
        "address": address,
        "postcode": get("codePostalEtablissement", width=5),
        "city": get("libelleCommuneEtablissement"),
    }
    return raw, errors


def legal_form_key(text):
    """« S.A.S. », « Sarl », « Société par actions simplifiée » → ``"sas"``, ``"sarl"``, ``"societe par…"``."""
    text = fold(text).replace(".", "")
    return " ".join(re.sub(r"[-'’(),/]", " ", text).split())


@functools.cache
def legal_form_names():
    """Every name a legal form is read from: the usual ones, and the labels the screens show."""
    names = {legal_form_key(name): code for code, spellings in LEGAL_FORM_NAMES.items() for name in spellings}
    with translation.override(None):
        for code, label in LegalForm.choices:
            names.setdefault(legal_form_key(str(label)), code)
    return names


def read_legal_form(text):
    """The INSEE code of a legal form written as a code (« 5710 ») or a name (« SAS »); None if unknown.

    An INSEE code outside the short list is kept as sole trader (codes 1xxx)
    or "other", as SIRENE's full nomenclature has some two hundred of them.
    """
    text = text.strip()
    if not text:
        return ""
    if re.fullmatch(r"\d{4}", text):
        if text in LEGAL_FORMS:
            return text
        return LegalForm.SOLE_TRADER if text.startswith("1") else LegalForm.OTHER
    return legal_form_names().get(legal_form_key(text))


def clean_row(table, row, batch, lookups):
    """The row's normalised company fields, its errors and its warnings, in French."""
    raw, errors = (_raw_sirene if table.layout == FileLayout.SIRENE else _raw_template)(table, row)
    warnings = []
    formulas = [cell for cell in row if isinstance(cell, Formula)]
    if formulas:
        return (
            {key: raw.get(key, "") for key in ("name", "siret", "naf_code", "postcode", "city")},
            [
                _(
                    "Cette ligne contient une formule sans valeur calculée (« %(formula)s ») : dans le tableur, "
                    "copiez les cellules et collez-les en valeurs (Collage spécial → Valeurs), puis importez "
                    "de nouveau."
                )
                % {"formula": formulas[0][:60]}
            ],
            warnings,
        )
    display = {key: raw.get(key, "") for key in ("name", "siret", "naf_code", "postcode", "city")}
    if not raw.get("name"):
        errors.append(_("Raison sociale manquante."))

    naf = normalize_naf(raw.get("naf_code", ""))
    if naf and not is_naf_code(naf):
        errors.append(_("« %(code)s » n'est pas un code NAF (format attendu : 16.10A).") % {"code": raw["naf_code"]})
    elif naf and naf not in lookups.naf_codes:
        errors.append(_("Le code NAF %(code)s n'existe pas.") % {"code": naf})

    band = raw.get("workforce_band") or WorkforceBand.UNKNOWN
    if band not in WORKFORCE_BANDS:
        errors.append(_("Tranche d'effectifs inconnue : « %(band)s ».") % {"band": band})
    legal_form = read_legal_form(raw.get("legal_form", ""))
    if legal_form is None:
        warnings.append(
            _(
                "Forme juridique : « %(value)s » inconnue, laissée vide. Écrivez par exemple SAS, SARL, EURL, "
                "association, entrepreneur individuel, ou le code INSEE à 4 chiffres (5710)."
            )
            % {"value": raw["legal_form"]}
        )
        legal_form = ""
    fit_score = raw.get("fit_score") or None
    if fit_score is not None:
        try:
            fit_score = int(fit_score)
        except ValueError:
            errors.append(_("La note de pertinence va de 1 à 5."))
            fit_score = None
    website = raw.get("website", "")
    if website and "://" not in website:
        website = f"http://{website}"

    company = Company(
        name=raw.get("name", ""),
        siret=raw.get("siret", ""),
        naf_code_id=naf if naf in lookups.naf_codes else None,
        workforce_band=band if band in WORKFORCE_BANDS else WorkforceBand.UNKNOWN,
        legal_form=legal_form,
        address=raw.get("address", ""),
        postcode=raw.get("postcode", ""),
        city=raw.get("city", ""),
        phone=raw.get("phone", ""),
        website=website,
        fit_score=fit_score,
        notes=raw.get("notes", ""),
        owner_id=batch.owner_id,
        source=batch.source,
        # Skips company_prepare's per-row sector query: the sector is derived
        # just below by the same rule, from the sectors loaded once.
        sector_set_manually=True,
    )
    # The place is derived once per postcode and city (Lookups.place), the
    # rest of the preparation row by row.
    postcode, city = company.postcode, company.city
    company.postcode = company.city = ""
    company_prepare(company)
    company.postcode, company.city, company.commune_code, company.department = lookups.place(postcode, city)
    company.refresh_search_fields()
    company.sector_set_manually = False
    company.sector_id = lookups.sector_id(company.naf_code_id)
    try:
        company.full_clean(exclude=FULL_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            label = Company._meta.get_field(field_name).verbose_name if field_name != "__all__" else ""
            errors.extend(f"{label} : {message}" if label else message for message in messages)
    if company.postcode and len(company.postcode) == 5 and not communes.communes_for_postcode(company.postcode):
        errors.append(_("Le code postal %(code)s n'existe pas.") % {"code": company.postcode})
    errors = list(dict.fromkeys(errors))
    if errors:
        return display, errors, warnings
    return {name: getattr(company, name) for name in COMPANY_FIELDS}, [], warnings
