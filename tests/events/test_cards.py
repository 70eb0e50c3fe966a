"""Badge and business-card QR codes read into the lead form's fields."""

import pytest
from django.core.exceptions import ValidationError

from events.cards import read_qr

VCARD_3 = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Léger;Éloïse;;;",
        "FN:Éloïse Léger",
        "ORG:Fromagerie des Causses;Ventes",
        "TITLE:Directrice générale",
        "TEL;TYPE=CELL:+33 6 12 34 56 78",
        "EMAIL;TYPE=INTERNET:eloise.leger@causses.fr",
        "URL:https://www.causses.fr",
        "NOTE:SIRET 732 829 320 00074",
        "END:VCARD",
        "",
    ]
)

VCARD_4 = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:Benoît Castanié",
        "N:Castanié;Benoît;;;",
        "ORG:Scierie de l'Aubrac",
        "TITLE:Responsable d'exploitation",
        "TEL;VALUE=uri;TYPE=work:tel:05 65 12 34 56",
        "EMAIL:b.castanie@aubrac-bois.fr",
        "X-SIRET:73282932000074",
        "END:VCARD",
        "",
    ]
)

MECARD = r"MECARD:N:Béziat,Hélène;ORG:Cave de Roquefort\; négoce;TITLE:Œnologue;TEL:06 98 76 54 32;EMAIL:helene@roquefort.fr;URL:https\://roquefort.fr;;"


def test_a_vcard_3_fills_person_and_company_with_accents_and_the_siret_of_its_note():
    assert read_qr(VCARD_3) == {
        "fields": {
            "person_first_name": "Éloïse",
            "person_last_name": "Léger",
            "person_job_title": "Directrice générale",
            "person_phone": "+33 6 12 34 56 78",
            "person_email": "eloise.leger@causses.fr",
            "company_name": "Fromagerie des Causses",
            "company_website": "https://www.causses.fr",
            "company_siret": "73282932000074",
        }
    }


def test_a_vcard_4_with_a_tel_uri_and_an_x_siret():
    assert read_qr(VCARD_4)["fields"] == {
        "person_first_name": "Benoît",
        "person_last_name": "Castanié",
        "person_job_title": "Responsable d'exploitation",
        "person_phone": "05 65 12 34 56",
        "person_email": "b.castanie@aubrac-bois.fr",
        "company_name": "Scierie de l'Aubrac",
        "company_siret": "73282932000074",
    }


def test_a_mecard_with_escaped_separators():
    assert read_qr(MECARD)["fields"] == {
        "person_first_name": "Hélène",
        "person_last_name": "Béziat",
        "person_job_title": "Œnologue",
        "person_phone": "06 98 76 54 32",
        "person_email": "helene@roquefort.fr",
        "company_name": "Cave de Roquefort; négoce",
        "company_website": "https://roquefort.fr",
    }


def test_a_web_address_goes_on_the_exchange():
    assert read_qr("  https://salon.example/exposants/42  ") == {"url": "https://salon.example/exposants/42"}


def test_a_number_that_fails_the_siret_key_is_not_taken_for_one():
    card = VCARD_3.replace("732 829 320 00074", "732 829 320 00075")
    assert "company_siret" not in read_qr(card)["fields"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Le code est vide."),
        ("\x00", "Le code est vide."),
        ("WIFI:S:salon;T:WPA;P:secret;;", "ni une carte de visite ni une adresse web"),
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n", "ni nom ni entreprise"),
        ("BEGIN:VCARD\r\nnot a card", "pas une carte de visite lisible"),
        ("MECARD:" + "A" * 5000, "trop long"),
    ],
)
def test_what_is_not_a_card_is_refused_in_french(text, message):
    with pytest.raises(ValidationError) as error:
        read_qr(text)
    assert message in " ".join(error.value.message_dict["qr_text"])
