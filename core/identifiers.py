"""French company identifiers and text normalisation.

SIREN (9 digits) and SIRET (14 digits) are checked by python-stdnum: a Luhn
key on each, and La Poste's rule (SIREN 356000000, whose SIRETs' digit sum is
a multiple of 5). NAF sub-classes are stored as ``16.10A``; ``1610A`` is accepted.
"""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import luhn as stdnum_luhn
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

# Its SIRETs are not Luhn numbers (the digit sum is a multiple of 5 instead).
LA_POSTE_SIREN = "356000000"
NAF_RE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")
POSTCODE_RE = re.compile(r"^(\d{5})$")

# Legal-form words dropped when comparing names for probable duplicates.
LEGAL_FORM_WORDS = {
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sci",
    "snc",
    "scop",
    "scic",
    "sca",
    "gie",
    "ei",
    "eirl",
    "selarl",
    "scea",
    "earl",
    "gaec",
    "cooperative",
    "societe",
    "ets",
    "etablissements",
    "groupe",
}


def digits_only(value):
    """Drop spaces, dots and dashes users paste into identifiers."""
    return re.sub(r"[\s.\-]", "", value or "")


def phone_digits(value):
    """A phone number as its French national digits: « +33 6 12 34 56 78 », « 06.12.34.56.78 » → ``0612345678``.

    What a phone search and a duplicate check compare; a foreign number keeps
    its digits (without the « + » or « 00 »).
    """
    text = (value or "").strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        return digits
    if international.startswith("33"):
        # « +33 (0)6 … » keeps its 0 only once.
        return "0" + international[2:].removeprefix("0")
    return international


def normalize_siren(value):
    return digits_only(value)


def normalize_siret(value):
    return digits_only(value)


def validate_siren(value):
    if not re.fullmatch(r"[0-9]{9}", value or ""):
        raise ValidationError(_("Un SIREN compte 9 chiffres."), code="siren_format")
    if not stdnum_siren.is_valid(value):
        raise ValidationError(_("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."), code="siren_luhn")


def validate_siret(value):
    """A SIRET as python-stdnum checks it: its key (La Poste's rule for La Poste), then its SIREN's."""
    if not re.fullmatch(r"[0-9]{14}", value or ""):
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_format")
    try:
        stdnum_siret.validate(value)
    except stdnum_exceptions.InvalidChecksum as exc:
        if stdnum_siren.is_valid(value[:9]) or not stdnum_luhn.is_valid(value):
            raise ValidationError(
                _("Ce SIRET n'est pas valide (clé de contrôle incorrecte)."), code="siret_luhn"
            ) from exc
        raise ValidationError(
            _("Ce SIRET n'est pas valide : son SIREN (les 9 premiers chiffres) a une clé de contrôle incorrecte."),
            code="siret_siren",
        ) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("Ce SIRET n'est pas valide (clé de contrôle incorrecte)."), code="siret_luhn") from exc


def normalize_naf(value):
    """``1610a``, ``16.10A`` or `` 16 10 A`` → ``16.10A``; anything else is returned stripped."""
    compact = re.sub(r"\s", "", value or "").upper()
    match = NAF_RE.match(compact)
    if not match:
        return compact
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}"


def is_naf_code(value):
    return bool(NAF_RE.match(value or ""))


def validate_postcode(value):
    if not POSTCODE_RE.match(value or ""):
        raise ValidationError(_("Un code postal compte 5 chiffres."), code="postcode_format")


@functools.cache
def _look_alikes():
    """Lower-case letters of other scripts that read as Latin ones (Cyrillic « с », Greek « ο »…) → ASCII.

    From Unicode's confusables table (TR39) as the confusable-homoglyphs
    package ships it; only targets made of ASCII letters and digits are kept,
    so « œ » reads « oe » and punctuation look-alikes are left alone.
    """
    from confusable_homoglyphs.confusables import confusables_data

    table = {}
    for character, glyphs in confusables_data.items():
        if len(character) != 1 or character.isascii() or character != character.lower():
            continue
        targets = [glyph["c"] for glyph in glyphs if glyph["c"].isascii() and glyph["c"].isalnum()]
        # Lower case first: we compare lowered text, so « і » must give « i », not « l ».
        targets.sort(key=lambda target: target != target.lower())
        if targets:
            table[ord(character)] = targets[0].lower()
    return table


def fold(text):
    """Lower case without accents or look-alike letters, spaces collapsed: what search and duplicate checks compare."""
    text = text or ""
    if not text.isascii():
        # Most SIRENE names and cities are plain ASCII already: only the others are decomposed.
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_look_alikes())
    return " ".join(text.lower().split())


# Letters NFKD does not take apart, spelt out so that « Œuvre » sorts with « oe ».
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def sort_key(text):
    """A name as an alphabetical list orders it: folded, ligatures spelt out, leading punctuation dropped.

    Stored beside the name (``Company.sort_name``) and sorted on, so that
    « Éco-Habitat » comes between D and F and « abattoir » among the A's on
    every database, whatever its collation.
    """
    return re.sub(r"^[\W_]+", "", fold(text).translate(LIGATURES))


def normalize_company_name(name):
    """Name compared for duplicates: folded, punctuation and legal-form words removed."""
    # Dots dropped first so that "S.A.R.L." reads as "sarl".
    words = re.sub(r"[^a-z0-9]+", " ", fold(name).replace(".", "")).split()
    kept = [word for word in words if word not in LEGAL_FORM_WORDS]
    return " ".join(kept or words)
