"""Erasure reaches every column of the schema that can hold a person.

Every text column (CharField, TextField, EmailField, JSONField…) of every
model, history tables and many-to-many tables included, is either erased by
``prospects.gdpr.contact_erase`` (``gdpr.ERASED_TEXT_COLUMNS``) or listed below
with the reason it cannot hold a prospect's name, email or phone. A new model
or field fails the first test until someone decides which it is.

The second test writes a person's name, email and phone into every free-text
place a user can reach, erases the person, then looks for them in every text
column of the whole schema with one query per table.
"""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from imports.models import ImportBatch, ImportRow
from prospects import gdpr, services
from prospects.models import Contact, FollowUp, Interaction, Project
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)
from tests.sites.factories import ProposalFactory

pytestmark = pytest.mark.django_db

_STAFF = "the agency's own staff accounts, not prospects"
_REFERENCE = "reference data typed by the agency (sectors, NAF codes, shows, the offer), about no prospect"
_MACHINE = "written by code (identifiers, hashes, formats, tokens), never typed by a user"
_PUBLIC_COMPANY = "the establishment's public register data (SIRENE), not a person's"
_DERIVED = "rebuilt from the other columns by company_search_refresh after erasure"

TEXT_COLUMNS_WITHOUT_PEOPLE = {
    "admin.LogEntry": {"object_id": _MACHINE},
    "auth.Permission": {"name": _MACHINE, "codename": _MACHINE},
    "core.FormSubmission": {"result_url": "an address of our own pages"},
    "core.Export": {
        "kind": _MACHINE,
        "export_format": _MACHINE,
        "filename": "made by code from the list's name and the date",
        "error": "our own message about the export, never a record's text",
    },
    "auth.Group": {"name": "role names"},
    "auth.User": {name: _STAFF for name in ("password", "username", "first_name", "last_name", "email")},
    "contenttypes.ContentType": {"app_label": _MACHINE, "model": _MACHINE},
    "sessions.Session": {
        "session_key": _MACHINE,
        "session_data": "sign-in state of a staff member; the screens keep no record data in the session",
    },
    **{
        f"axes.{model}": {name: "login attempts of staff accounts" for name in fields}
        for model, fields in {
            "AccessFailureLog": ("user_agent", "username", "http_accept", "path_info"),
            "AccessAttempt": ("user_agent", "username", "http_accept", "path_info", "get_data", "post_data"),
            "AccessLog": ("user_agent", "username", "http_accept", "path_info", "session_hash"),
        }.items()
    },
    "accounts.Profile": {"calendar_token_hash": _MACHINE},
    # Staff accounts' second factor: secret keys and recovery codes made by code, device names set by code.
    **{label: {"name": _MACHINE, "key": _MACHINE} for label in ("otp_totp.TOTPDevice", "accounts.TwoFactorDevice")},
    "otp_static.StaticDevice": {"name": _MACHINE},
    "otp_static.StaticToken": {"token": _MACHINE},
    "accounts.ApiToken": {"digest": _MACHINE, "prefix": _MACHINE, "name": "what staff members call their own tokens"},
    "prospects.Sector": {"name": _REFERENCE, "name_en": _REFERENCE, "slug": _REFERENCE, "naf_prefixes": _REFERENCE},
    "prospects.NafCode": {name: _REFERENCE for name in ("code", "label", "short_label", "nomenclature")},
    **{
        label: {
            **{
                name: _PUBLIC_COMPANY
                for name in (
                    "name",
                    "siren",
                    "siret",
                    "address",
                    "postcode",
                    "city",
                    "commune_code",
                    "department",
                    "website",
                    "phone",
                )
            },
            **({"normalized_name": _DERIVED, "sort_name": _DERIVED} if label == "prospects.Company" else {}),
        }
        for label in ("prospects.Company", "prospects.HistoricalCompany")
    },
    "events.TradeShow": {name: _REFERENCE for name in ("name", "organiser", "website")},
    "events.Appearance": {name: _REFERENCE for name in ("city", "venue", "stand")},
    "events.PendingLead": {
        "payload": "a lead typed offline and not saved yet: its person is no contact, so no erasure can name them;"
        " it lives until its chargé confirms or discards it, the show's week",
        "candidates": _MACHINE,
    },
    "offer.Programme": {name: _REFERENCE for name in ("name", "partners", "description")},
    "offer.Zone": {
        name: _REFERENCE
        for name in (
            "name",
            "commune_name",
            "commune_insee",
            "motorway",
            "interchange",
            "developer",
            "seller",
            "description",
        )
    },
    "offer.Site": {
        **{
            name: _REFERENCE
            for name in ("reference", "title", "address", "postcode", "commune_name", "commune_insee", "description")
        },
        **{
            name: "the seller's or landlord's contact for the site, not a prospect"
            for name in ("contact_name", "contact_phone", "contact_email")
        },
    },
    "offer.SitePhoto": {"caption": _REFERENCE},
    "reminders.Reminder": {"last_error": "the mail server's answer about a staff recipient"},
    # A diffusible row is the public register; a partial one (P) is stored without its person (directory/sirene.py).
    "directory.Establishment": {
        name: _PUBLIC_COMPANY
        for name in (
            "siret",
            "siren",
            "name",
            "sign",
            "legal_category",
            "naf",
            "address",
            "postcode",
            "city",
            "commune_code",
            "department",
            "search_name",
        )
    },
    "directory.LegalUnit": {name: _PUBLIC_COMPANY for name in ("siren", "name", "legal_category")},
    "directory.DirectoryChange": {name: _PUBLIC_COMPANY for name in ("before", "after")},
    "directory.DirectoryLoad": {
        "files": "the paths of INSEE's files given to sirene_load",
        "error": "why a file could not be loaded (its name, a missing column)",
    },
    "imports.ImportBatch": {
        name: "the uploaded file's name, format and the source typed by Direction"
        for name in ("original_name", "file_format", "encoding", "delimiter", "source")
    },
}

CHOICES = "a fixed vocabulary (choices)"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def text_columns():
    """(model, field) for every text column of every table, auto-created and history tables included."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS):
                yield model, field


def decision(model, field):
    label = model._meta.label
    if field.name in gdpr.ERASED_TEXT_COLUMNS.get(label, ()):
        return "erased"
    if field.choices:
        return CHOICES
    return TEXT_COLUMNS_WITHOUT_PEOPLE.get(label, {}).get(field.name)


def test_every_text_column_is_erased_or_said_to_hold_no_person():
    undecided = sorted(
        f"{model._meta.label}.{field.name}" for model, field in text_columns() if not decision(model, field)
    )
    assert undecided == [], "add these to gdpr.ERASED_TEXT_COLUMNS or to TEXT_COLUMNS_WITHOUT_PEOPLE with a reason"


def test_the_lists_name_only_columns_that_exist():
    existing = {(model._meta.label, field.name) for model, field in text_columns()}
    listed = {(label, name) for label, names in gdpr.ERASED_TEXT_COLUMNS.items() for name in names}
    listed |= {(label, name) for label, names in TEXT_COLUMNS_WITHOUT_PEOPLE.items() for name in names}
    assert sorted(listed - existing) == []


NAME, EMAIL, PHONE = "Fabrègue", "helene.fabregue@causse.fr", "06 12 34 56 78"
TRACES = ("Fabrègue", "Fabregue", "fabregue", EMAIL, "0612345678", PHONE)


def person_traces():
    """Every (table, column, value) of the whole schema where the person still appears."""
    found = []
    with connection.cursor() as cursor:
        for model, field in text_columns():
            table, column = model._meta.db_table, field.column
            cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608  (names from the schema)
            for (value,) in cursor.fetchall():
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                # JSON kept as text (SQLite, the admin's change message) escapes accents: read it decoded too.
                try:
                    text += " " + json.dumps(json.loads(text), ensure_ascii=False)
                except (TypeError, ValueError):
                    pass
                if any(trace.lower() in text.lower() for trace in TRACES):
                    found.append((table, column, value))
    return found


def test_an_erased_person_is_nowhere_in_the_schema(mission, direction, admin_user):
    company = CompanyFactory(name="Scierie du Causse", actor=mission)
    contact = ContactFactory(company=company, first_name="Hélène", last_name=NAME, email=EMAIL, phone=PHONE)
    mention = f"Hélène {NAME} ({EMAIL}, {PHONE})"
    appearance = AppearanceFactory()
    interaction = InteractionFactory(
        company=company, contacts=[contact], logged_by=mission, summary=f"Vu {mention} au salon.", appearance=appearance
    )
    services.interaction_update(
        interaction=Interaction.objects.get(pk=interaction.pk), actor=mission, summary=f"Revu {mention}."
    )
    project = ProjectFactory(
        company=company, owner=mission, title=f"Extension pour {NAME}", description=f"Porté par {mention}."
    )
    services.project_update(project=Project.objects.get(pk=project.pk), actor=mission, lost_reason=f"{NAME} hésite")
    followup = FollowUpFactory(
        company=company, project=project, assignee=mission, title=f"Rappeler {NAME}", notes=f"Joindre {mention}"
    )
    services.followup_update(followup=FollowUp.objects.get(pk=followup.pk), actor=mission, notes=f"Encore {PHONE}")
    services.company_update(company=company, actor=mission, notes=f"Interlocutrice : {mention}")
    ProposalFactory(project=project, actor=mission, notes=f"Visite avec {NAME}")
    type(appearance).objects.filter(pk=appearance.pk).update(notes=f"Rendez-vous avec {mention}")
    batch = ImportBatch.objects.create(
        original_name="cibles.csv", created_by=direction, source="Salon", errors=[f"Ligne 3 : {EMAIL} illisible"]
    )
    ImportRow.objects.create(
        batch=batch, line=2, status="new", data={"name": "Scierie", "contact": f"Hélène {NAME}", "email": EMAIL}
    )
    # A line that gives only the number, in another file: found by the number alone.
    ImportRow.objects.create(batch=batch, line=3, status="error", data={"telephone": PHONE}, errors=[f"{PHONE} ?"])
    contact_type = ContentType.objects.get_for_model(Contact)
    LogEntry.objects.log_actions(user_id=admin_user.pk, queryset=[contact], action_flag=CHANGE, change_message="")
    LogEntry.objects.create(
        user=admin_user,
        content_type=contact_type,
        object_id=str(contact.pk),
        object_repr=str(contact),
        action_flag=ADDITION,
        change_message=json.dumps([{"added": {"name": "contact", "object": f"Hélène {NAME}"}}]),
    )
    assert {table for table, _column, _value in person_traces()} >= {
        "prospects_contact",
        "prospects_historicalcontact",
        "prospects_interaction",
        "prospects_historicalinteraction",
        "prospects_followup",
        "prospects_historicalfollowup",
        "prospects_project",
        "prospects_historicalproject",
        "prospects_company",
        "prospects_historicalcompany",
        "offer_siteproposal",
        "events_appearance",
        "imports_importrow",
        "imports_importbatch",
        "django_admin_log",
    }

    gdpr.contact_erase(contact=Contact.objects.get(pk=contact.pk), actor=direction)

    assert person_traces() == []
    # The records themselves stay: the counts do not change.
    assert Interaction.objects.filter(company=company).count() == 1
    assert "[personne anonymisée]" in Interaction.objects.get(pk=interaction.pk).summary


def test_the_registry_says_what_contact_erase_scrubs():
    contact = ContactFactory(first_name="Jean", last_name="Causse", email="j.causse@example.fr")
    scrubbed = {}
    for queryset, fields, _kind in gdpr._texts_about(contact):
        scrubbed.setdefault(queryset.model._meta.label, set()).update(fields)
    # The person's own row and its versions are rewritten whole; the search text is rebuilt.
    scrubbed.setdefault("prospects.Contact", set()).update(
        ["first_name", "last_name", "job_title", "email", "phone", "search_text"]
    )
    scrubbed["prospects.HistoricalContact"].update(["first_name", "last_name", "job_title", "email", "phone"])
    scrubbed["prospects.Company"].add("search_text")
    assert scrubbed == {label: set(fields) for label, fields in gdpr.ERASED_TEXT_COLUMNS.items()}
