"""A small, hand-computed year for the dashboard and report tests.

2012, as the tests count it:
- accompanied: wood-won (opened 2011, won 2012), agri-secret (confidential,
  open), wood-lost (lost in 2012), agri-won (won 2012) → 4;
- left out: decided in 2011 (lost-2011, won-2011) and opened in 2013;
- won: 2 → conversion 50 %; jobs planned 10+20+5+12 = 47, created 8+15 = 23;
  investment planned 3 500 000 €, realised 1 500 000 €.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from events.models import Appearance, TradeShow
from prospects.models import (
    Company,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    Project,
    ProjectStage,
    ProjectStageChange,
    Sector,
)
from sites.models import Availability, ProposalStatus, Site, SiteKind, SiteProposal

D = datetime.date


def company(name, **fields):
    return Company.objects.create(name=name, city=fields.pop("city", "Mende"), **fields)


def project(company_, title, opened_on, stage=ProjectStage.LEAD, history=(), **fields):
    created = Project.objects.create(company=company_, title=title, opened_on=opened_on, stage=stage, **fields)
    for index, step in enumerate(history):
        ProjectStageChange.objects.create(
            project=created,
            stage=step,
            entered_at=timezone.make_aware(
                datetime.datetime(opened_on.year, opened_on.month, 1) + datetime.timedelta(days=index)
            ),
        )
    return created


def build_year(owner):
    wood = Sector.objects.get(slug="bois")
    agri = Sector.objects.get(slug="agroalimentaire")
    cib = Appearance.objects.create(
        trade_show=TradeShow.objects.create(name="Carrefour International du Bois"),
        year=2012,
        starts_on=D(2012, 6, 6),
        ends_on=D(2012, 6, 8),
        city="Nantes",
        cost=Decimal("8000"),
    )
    sial = Appearance.objects.create(
        trade_show=TradeShow.objects.create(name="SIAL"),
        year=2012,
        starts_on=D(2012, 10, 21),
        ends_on=D(2012, 10, 25),
        city="Paris",
        cost=Decimal("12000"),
    )
    scierie = company("Scierie du Gévaudan")
    fromagerie = company("Fromagerie Secrète")
    charpente = company("Charpentes Lozériennes")
    salaisons = company("Salaisons de l'Aubrac", city="Marvejols")
    old = company("Ancienne Affaire")

    projects = {
        "wood_won": project(
            scierie,
            "Nouvelle scierie",
            D(2011, 5, 1),
            ProjectStage.WON,
            history=["lead", "active", "site_visit", "proposal", "decision", "won"],
            sector=wood,
            decided_on=D(2012, 3, 10),
            jobs_planned=10,
            investment_planned=Decimal(1_000_000),
            jobs_created=8,
            investment_realised=Decimal(900_000),
            origin_appearance=cib,
            owner=owner,
        ),
        "agri_secret": project(
            fromagerie,
            "Extension fromagerie",
            D(2012, 2, 1),
            ProjectStage.ACTIVE,
            history=["lead", "active"],
            sector=agri,
            confidential=True,
            code_name="Projet Aubrac",
            jobs_planned=20,
            investment_planned=Decimal(2_000_000),
            origin_appearance=sial,
        ),
        "wood_lost": project(
            charpente,
            "Atelier charpente",
            D(2012, 6, 1),
            ProjectStage.LOST,
            history=["lead", "active", "site_visit", "lost"],
            sector=wood,
            decided_on=D(2012, 9, 1),
            jobs_planned=5,
            lost_reason="Parti ailleurs",
        ),
        "agri_won": project(
            salaisons,
            "Salaisons",
            D(2012, 7, 1),
            ProjectStage.WON,
            sector=agri,
            decided_on=D(2012, 11, 15),
            jobs_planned=12,
            investment_planned=Decimal(500_000),
            jobs_created=15,
            investment_realised=Decimal(600_000),
            origin_appearance=sial,
            owner=owner,
        ),
        "lost_2011": project(
            old,
            "Perdu en 2011",
            D(2010, 1, 1),
            ProjectStage.LOST,
            decided_on=D(2011, 12, 31),
            sector=wood,
            jobs_planned=99,
        ),
        "won_2011": project(
            old,
            "Gagné en 2011",
            D(2011, 3, 1),
            ProjectStage.WON,
            decided_on=D(2011, 10, 1),
            sector=agri,
            jobs_created=3,
            investment_realised=Decimal(1),
        ),
        "next_year": project(old, "Ouvert en 2013", D(2013, 1, 5), sector=wood, jobs_planned=50),
    }
    stand = timezone.make_aware(datetime.datetime(2012, 10, 22, 10, 0))
    for target in (salaisons, fromagerie, scierie):
        Interaction.objects.create(
            company=target, kind=InteractionKind.STAND, occurred_at=stand, appearance=sial, summary="Rencontre"
        )
    Interaction.objects.create(
        company=salaisons, kind=InteractionKind.PHONE, occurred_at=stand + datetime.timedelta(days=30), summary="Appel"
    )
    sold = Site.objects.create(
        kind=SiteKind.BUILDING,
        reference="BAT-01",
        title="Bâtiment de Marvejols",
        commune_name="Marvejols",
        commune_insee="48092",
        availability=Availability.SOLD,
    )
    SiteProposal.objects.create(project=projects["agri_won"], site=sold, status=ProposalStatus.CHOSEN)
    sold_2011 = Site.objects.create(
        kind=SiteKind.LOT,
        reference="LOT-02",
        title="Lot vendu en 2011",
        commune_name="Mende",
        commune_insee="48095",
        availability=Availability.SOLD,
    )
    SiteProposal.objects.create(project=projects["won_2011"], site=sold_2011, status=ProposalStatus.CHOSEN)
    return {"projects": projects, "appearances": {"cib": cib, "sial": sial}, "sites": [sold, sold_2011]}


def overdue_followups(mission, teammate):
    today = timezone.localdate()
    target = company("Relances SA")
    rows = [
        (mission, today - datetime.timedelta(days=1), FollowUpStatus.OPEN),
        (mission, today - datetime.timedelta(days=8), FollowUpStatus.OPEN),
        (teammate, today + datetime.timedelta(days=2), FollowUpStatus.OPEN),
        (teammate, today - datetime.timedelta(days=3), FollowUpStatus.DONE),
    ]
    for assignee, due_on, status in rows:
        FollowUp.objects.create(company=target, title="Rappeler", due_on=due_on, assignee=assignee, status=status)


def contacts():
    target = company("Contacts SARL")
    Contact.objects.create(company=target, first_name="Anne", last_name="Visible", email="anne@example.org")
    Contact.objects.create(company=target, first_name="Bruno", last_name="Opposant", objected=True)
