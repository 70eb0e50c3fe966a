"""CSV and XLSX files: the annual report, contacts and follow-ups.

The files themselves are written by core.tabular; numbers and dates stay
typed in the workbook, so funders can total them.
"""

import itertools

from django.utils.translation import gettext as _

from core.people import person_name
from core.tabular import csv_response, xlsx_response
from prospects.gdpr import ObjectorMask
from prospects.models import Contact, FollowUp

# The annual report ----------------------------------------------------------------


def report_xlsx(report):
    return xlsx_response(
        f"rapport-annuel-{report.year}.xlsx",
        [(section.sheet_title, section.columns, section.rows) for section in report.sections],
    )


def report_csv(report, section):
    return csv_response(f"rapport-annuel-{report.year}-{section.slug}.csv", section.columns, section.rows)


# Contacts and follow-ups --------------------------------------------------------

CHUNK = 2000


def contact_columns():
    return [
        _("Entreprise"),
        _("SIRET"),
        _("Commune"),
        _("Prénom"),
        _("Nom"),
        _("Fonction"),
        _("Email professionnel"),
        _("Téléphone"),
        _("Contact principal"),
        _("Entreprise à ne pas contacter"),
    ]


def contact_queryset():
    """Every contact who has not objected (GDPR art. 21) and was not anonymised."""
    return (
        Contact.objects.filter(objected=False, anonymised_at__isnull=True)
        .select_related("company")
        .order_by("company__sort_name", "company_id", "last_name", "id")
    )


def contact_rows(contacts):
    for contact in contacts.iterator(chunk_size=CHUNK):
        company = contact.company
        yield [
            company.name,
            company.siret,
            company.city,
            contact.first_name,
            contact.last_name,
            contact.job_title,
            contact.email,
            contact.phone,
            contact.is_primary,
            company.do_not_contact,
        ]


def followup_columns():
    return [
        _("Échéance"),
        _("Objet"),
        _("Entreprise"),
        _("Projet"),
        _("Attribuée à"),
        _("État"),
        _("En retard"),
        _("Faite le"),
    ]


def followup_queryset(user, *, status=None, assignee_id=None):
    """Follow-ups ``user`` may see: none on a confidential project they are not part of."""
    followups = FollowUp.objects.visible_to(user)
    if status:
        followups = followups.filter(status=status)
    if assignee_id:
        followups = followups.filter(assignee_id=assignee_id)
    return followups.select_related("company", "project", "assignee").order_by("due_on", "id")


def followup_rows(followups):
    mask = ObjectorMask()
    rows = followups.iterator(chunk_size=CHUNK)
    for chunk in iter(lambda: list(itertools.islice(rows, CHUNK)), []):
        # One query for the people under objection of the chunk's companies, not one per company.
        mask.prime(followup.company_id for followup in chunk)
        yield from (_followup_row(followup, mask) for followup in chunk)


def _followup_row(followup, mask):
    assignee = followup.assignee
    return [
        followup.due_on,
        mask(followup.title, followup.company_id),
        followup.company.name,
        followup.project.display_name if followup.project else "",
        person_name(assignee),
        followup.get_status_display(),
        followup.is_overdue,
        followup.done_at,
    ]
