"""The annual activity report for funders, as sections of rows.

The HTML page, the XLSX workbook (one sheet per section) and the CSV files
are all drawn from the same sections, so the three always agree. Observers
get the same figures with no person's name in them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from accounts.roles import is_observer
from core.people import person_name
from core.tabular import euros
from prospects.models import InteractionKind, LegalForm

from . import selectors


@dataclass
class Section:
    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""
    # The workbook's sheet name when the title is longer than Excel's 31 characters.
    sheet: str = ""

    @property
    def sheet_title(self):
        return self.sheet or self.title

    def display_rows(self):
        return [[format_cell(value) for value in row] for row in self.rows]

    def labelled_rows(self):
        """The display rows with each cell's column heading, which a phone shows beside the cell."""
        return [list(zip(self.columns, row, strict=True)) for row in self.display_rows()]


@dataclass
class Report:
    year: int
    target: object
    total: selectors.Figures
    by_sector: list
    by_origin: list
    projects: list
    appearances: list
    contacts: selectors.ContactFigures
    sites: list
    hide_people: bool
    sections: list = field(default_factory=list)

    def section(self, slug):
        return next(section for section in self.sections if section.slug == slug)


def format_cell(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent)
        return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _money(value):
    return euros(Decimal(value or 0).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _rate(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def cost_per_lead(appearance):
    if not appearance.leads:
        return None
    return euros((appearance.cost / appearance.leads).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _appearance_label(appearance):
    return f"{appearance.trade_show.name} {appearance.year}" if appearance else ""


def project_label(project):
    """The name shown for a project: confidential ones stay anonymous to those outside them."""
    if not project.is_visible:
        return _("Projet confidentiel")
    return project.display_name


def company_label(project, hide_people):
    if not project.is_visible:
        return ""
    company = project.company
    # A sole trader's company name is a person's name.
    if hide_people and company.legal_form == LegalForm.SOLE_TRADER:
        return _("Entrepreneur individuel")
    return company.name


def annual_report_build(*, year, user):
    hide_people = is_observer(user)
    by_sector = selectors.figures_by_sector(year)
    report = Report(
        year=year,
        target=selectors.year_target(year),
        total=selectors.total_of(by_sector),
        by_sector=by_sector,
        by_origin=selectors.figures_by_origin(year),
        projects=selectors.report_projects(year, user),
        appearances=selectors.report_appearances(year),
        contacts=selectors.report_contacts(year),
        sites=selectors.report_sites(year),
        hide_people=hide_people,
    )
    report.sections = [
        _summary_section(report),
        _figures_section("secteurs", _("Par secteur"), _("Secteur"), report.by_sector, _("Sans secteur")),
        _figures_section(
            "origines", _("Par salon d'origine"), _("Salon d'origine"), report.by_origin, _("Autre origine")
        ),
        _projects_section(report),
        _implantations_section(report),
        _appearances_section(report),
        _contacts_section(report),
        _sites_section(report),
    ]
    return report


def _summary_section(report):
    total, target = report.total, report.target
    show_cost = sum((appearance.cost for appearance in report.appearances), Decimal(0))
    show_leads = sum(appearance.leads for appearance in report.appearances)
    rows = [
        [_("Projets accompagnés"), total.accompanied],
        [_("Objectif de projets accompagnés"), target.projects_target if target else None],
        [_("Implantations"), total.won],
        [_("Objectif d'implantations"), target.implantations_target if target else None],
        [_("Taux de transformation (%)"), _rate(total.won, total.accompanied)],
        [_("Emplois prévus (projets accompagnés)"), total.jobs_planned],
        [_("Emplois créés (implantations)"), total.jobs_created],
        [_("Investissement prévu (€)"), _money(total.investment_planned)],
        [_("Investissement réalisé (€)"), _money(total.investment_realised)],
        [_("Salons"), len(report.appearances)],
        [_("Coût des salons (€)"), _money(show_cost)],
        [_("Contacts pris sur les salons"), show_leads],
        [_("Coût par contact (€)"), euros((show_cost / show_leads).quantize(Decimal("0.01"))) if show_leads else None],
        [_("Échanges avec des entreprises"), report.contacts.interactions],
        [_("Entreprises contactées"), report.contacts.companies],
        [_("Nouveaux contacts"), report.contacts.new_contacts],
        [_("Sites vendus ou loués"), len(report.sites)],
    ]
    return Section("synthese", _("Synthèse"), [_("Indicateur"), _("Valeur")], rows)


def _figures_section(slug, title, label_column, figures, empty_label):
    columns = [
        label_column,
        _("Projets accompagnés"),
        _("Implantations"),
        _("Taux de transformation (%)"),
        _("Emplois prévus"),
        _("Emplois créés"),
        _("Investissement prévu (€)"),
        _("Investissement réalisé (€)"),
    ]
    rows = [
        [
            row.label or empty_label,
            row.accompanied,
            row.won,
            _rate(row.won, row.accompanied),
            row.jobs_planned,
            row.jobs_created,
            _money(row.investment_planned),
            _money(row.investment_realised),
        ]
        for row in figures
    ]
    return Section(slug, title, columns, rows)


def _projects_section(report):
    columns = [
        _("Projet"),
        _("Entreprise"),
        _("Secteur"),
        _("Étape"),
        _("Ouvert le"),
        _("Décidé le"),
        _("Emplois prévus"),
        _("Investissement prévu (€)"),
        _("Salon d'origine"),
    ]
    if not report.hide_people:
        columns.append(_("Responsable"))
    rows = []
    for project in report.projects:
        row = [
            project_label(project),
            company_label(project, report.hide_people),
            project.sector.name if project.sector else "",
            project.get_stage_display(),
            project.opened_on,
            project.decided_on,
            project.jobs_planned,
            euros(project.investment_planned),
            _appearance_label(project.origin_appearance),
        ]
        if not report.hide_people:
            row.append(person_name(project.owner))
        rows.append(row)
    return Section(
        "projets",
        _("Projets accompagnés"),
        columns,
        rows,
        note=_(
            "Projets ouverts à un moment de l'année : ouverts au plus tard le 31 décembre, non décidés avant le 1er janvier."
        ),
    )


def _implantations_section(report):
    columns = [
        _("Projet"),
        _("Entreprise"),
        _("Secteur"),
        _("Commune"),
        _("Décidé le"),
        _("Emplois créés"),
        _("Investissement réalisé (€)"),
        _("Salon d'origine"),
    ]
    rows = [
        [
            project_label(project),
            company_label(project, report.hide_people),
            project.sector.name if project.sector else "",
            project.company.city if project.is_visible else "",
            project.decided_on,
            project.jobs_created,
            euros(project.investment_realised),
            _appearance_label(project.origin_appearance),
        ]
        for project in report.projects
        if project.is_won_in_year
    ]
    return Section("implantations", _("Implantations"), columns, rows)


def _appearances_section(report):
    columns = [
        _("Salon"),
        _("Ville"),
        _("Du"),
        _("Au"),
        _("Coût (€)"),
        _("Contacts pris"),
        _("Coût par contact (€)"),
        _("Projets issus"),
        _("Implantations issues"),
    ]
    rows = [
        [
            _appearance_label(appearance),
            appearance.city,
            appearance.starts_on,
            appearance.ends_on,
            euros(appearance.cost),
            appearance.leads,
            cost_per_lead(appearance),
            appearance.projects,
            appearance.implantations,
        ]
        for appearance in report.appearances
    ]
    return Section("salons", _("Salons"), columns, rows)


def _contacts_section(report):
    labels = dict(InteractionKind.choices)
    rows = [[str(labels.get(row["kind"], row["kind"])), row["count"]] for row in report.contacts.by_kind]
    rows.append([_("Total des échanges"), report.contacts.interactions])
    rows.append([_("Entreprises contactées"), report.contacts.companies])
    rows.append([_("Nouveaux contacts enregistrés"), report.contacts.new_contacts])
    return Section(
        "contacts",
        _("Contacts pris"),
        [_("Type d'échange"), _("Nombre")],
        rows,
        note=_("Des comptes, jamais des personnes."),
    )


def _sites_section(report):
    columns = [
        _("Référence"),
        _("Intitulé"),
        _("Type"),
        _("Zone"),
        _("Commune"),
        _("Surface bâtie (m²)"),
        _("Surface du terrain (m²)"),
        _("État"),
    ]
    rows = [
        [
            site.reference,
            site.title,
            site.get_kind_display(),
            site.zone.name if site.zone else "",
            site.commune_name,
            site.building_m2,
            site.land_m2,
            site.get_availability_display(),
        ]
        for site in report.sites
    ]
    return Section(
        "offre",
        _("Offre immobilière vendue ou louée"),
        columns,
        rows,
        sheet=_("Sites vendus ou loués"),
        note=_(
            "Un site compte l'année où le projet qui l'a retenu s'est implanté ; "
            "sinon l'année de sa dernière mise à jour."
        ),
    )
