"""What a badge or business-card QR code says, as the lead form's fields.

vCards (3.0 and 4.0) are read with vobject; MECARD, the short format of many
badge printers and phones, is a single line of ``KEY:value;`` pairs that
vobject does not know, read here. A code that is a web address goes on the
exchange. SIRET numbers have no vCard property: one is looked for in the
notes, the organisation and ``X-SIRET``.
"""

import re

import vobject
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.identifiers import normalize_siret, validate_siret

MAX_QR_TEXT = 4000
URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
SIRET_CANDIDATE_RE = re.compile(r"(?<!\d)(\d[\d .]{12,18}\d)(?!\d)")


def _clean(value, limit):
    return " ".join(str(value or "").split())[:limit]


def _siret_in(*texts):
    for text in texts:
        for candidate in SIRET_CANDIDATE_RE.findall(text or ""):
            siret = normalize_siret(candidate)
            try:
                validate_siret(siret)
            except ValidationError:
                continue
            return siret
    return ""


def _phone(value):
    value = str(value or "")
    return value[4:] if value.lower().startswith("tel:") else value


def _fields(*, first_name="", last_name="", title="", phone="", email="", company="", website="", siret=""):
    return {
        "person_first_name": _clean(first_name, 100),
        "person_last_name": _clean(last_name, 100),
        "person_job_title": _clean(title, 150),
        "person_phone": _clean(_phone(phone), 30),
        "person_email": _clean(email, 254),
        "company_name": _clean(company, 200),
        "company_website": _clean(website, 200),
        "company_siret": siret,
    }


def _first(card, name):
    items = card.contents.get(name) or []
    return items[0].value if items else ""


def _read_vcard(text):
    try:
        card = vobject.readOne(text)
    except Exception as error:  # vobject raises many kinds on malformed input
        raise ValidationError({"qr_text": _("Ce code n'est pas une carte de visite lisible.")}) from error
    name = _first(card, "n")
    first_name = getattr(name, "given", "") or ""
    last_name = getattr(name, "family", "") or ""
    if isinstance(first_name, list):
        first_name = " ".join(first_name)
    if isinstance(last_name, list):
        last_name = " ".join(last_name)
    if not last_name:
        full = str(_first(card, "fn") or "").split()
        first_name, last_name = " ".join(full[:-1]), " ".join(full[-1:])
    organisation = _first(card, "org")
    if isinstance(organisation, list):
        organisation = organisation[0] if organisation else ""
    notes = " ".join(str(item.value) for item in card.contents.get("note", []))
    return _fields(
        first_name=first_name,
        last_name=last_name,
        title=_first(card, "title"),
        phone=_first(card, "tel"),
        email=_first(card, "email"),
        company=organisation,
        website=_first(card, "url"),
        siret=_siret_in(_first(card, "x-siret"), notes, str(organisation)),
    )


def _mecard_pairs(body):
    """KEY:value;KEY:value;; with backslash escapes of ``;``, ``:``, ``,`` and ``\\``."""
    pairs, key, value, escaped, in_value = [], "", "", False, False
    for char in body:
        if escaped:
            value += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":" and not in_value:
            in_value = True
        elif char == ";":
            if key:
                pairs.append((key.strip().upper(), value))
            key, value, in_value = "", "", False
        elif in_value:
            value += char
        else:
            key += char
    if key:
        pairs.append((key.strip().upper(), value))
    return pairs


def _read_mecard(text):
    values = {}
    for key, value in _mecard_pairs(text[len("MECARD:") :]):
        values.setdefault(key, value)
    family, _sep, given = values.get("N", "").partition(",")
    return _fields(
        first_name=given,
        last_name=family,
        title=values.get("TITLE", ""),
        phone=values.get("TEL", ""),
        email=values.get("EMAIL", ""),
        company=values.get("ORG", ""),
        website=values.get("URL", ""),
        siret=_siret_in(values.get("NOTE", ""), values.get("ORG", "")),
    )


def read_qr(text):
    """The form's fields a QR code's text fills: ``{"fields": {...}}`` or ``{"url": ...}``.

    Raises ValidationError (on ``qr_text``) for a code that is neither a
    card nor a web address.
    """
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"qr_text": _("Le code est vide.")})
    if len(text) > MAX_QR_TEXT:
        raise ValidationError({"qr_text": _("Ce code est trop long pour une carte de visite.")})
    if text.upper().startswith("BEGIN:VCARD"):
        fields = _read_vcard(text)
    elif text.upper().startswith("MECARD:"):
        fields = _read_mecard(text)
    elif URL_RE.match(text):
        return {"url": text[:200]}
    else:
        raise ValidationError({"qr_text": _("Ce code n'est ni une carte de visite ni une adresse web.")})
    if not fields["person_last_name"] and not fields["company_name"]:
        raise ValidationError({"qr_text": _("Cette carte ne donne ni nom ni entreprise.")})
    return {"fields": {key: value for key, value in fields.items() if value}}
