"""Demo data for trade shows, loaded only by ``manage.py seed_demo``.

The agency's 2012 programme: Carrefour International du Bois (Nantes, with
Lozère firms on the CCI stand), SIAL (Paris, promoting the departmental
abattoir at Antrenas) and eight other national or regional shows; about forty
companies met there, their contacts, the leads and follow-ups, and a dozen
implantation projects. Everything is marked ``is_demo`` where the model has
the flag, found again by its natural key, and written through the services,
so running the command twice changes nothing.

The 2012 follow-ups were all done in 2012 and the projects still open at the
end of that year were decided in 2013 or 2014 (``OUTCOMES``): history, every
date kept. This year's programme, dated from today, is ``demo.current``.
"""

import datetime

from django.utils import timezone
from stdnum.luhn import calc_check_digit

from demo.data.shows_2012 import (
    APPEARANCES,
    COMPANIES,
    LEADS,
    LOZERE_PREFIX,
    OUTCOMES,
    PROJECTS,
    TRADE_SHOWS,
    D,
)
from events import appearances as appearance_services
from events.models import Appearance, TradeShow
from prospects import services as prospect_services
from prospects.models import (
    Company,
    Contact,
    FollowUp,
    Interaction,
    InteractionKind,
    Project,
    ProjectStage,
    ProjectStageChange,
    Sector,
    WorkforceBand,
)


def demo_siret(index):
    """A valid, stable SIRET for the index-th demo company (head office, NIC 0001x)."""
    siren_body = f"{41_720_000 + index * 3_137:08d}"
    siren = siren_body + calc_check_digit(siren_body)
    nic_body = siren + "0001"
    return nic_body + calc_check_digit(nic_body)


def _slug(name):
    from django.utils.text import slugify

    return slugify(name).replace("-", "")[:20]


def aware(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate_stages(project, moments):
    """Date a project's stage changes, oldest first, as they happened rather than when the seed ran."""
    changes = list(project.stage_changes.order_by("entered_at", "id").values_list("id", flat=True))
    for change_id, moment in zip(changes, moments, strict=True):
        ProjectStageChange.objects.filter(pk=change_id).update(entered_at=moment)
    Project.objects.filter(pk=project.pk).update(stage_changed_at=moments[-1])


def trade_shows_seed(table):
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    shows = {}
    for name, scope, organiser, website, slugs in table:
        show = TradeShow.objects.filter(name=name).first()
        if show is None:
            show = appearance_services.tradeshow_create(
                name=name,
                scope=scope,
                organiser=organiser,
                website=website,
                sectors=[sectors[slug] for slug in slugs if slug in sectors],
                is_demo=True,
            )
        shows[name] = show
    return shows


def companies_seed(users, table, first_index=0):
    companies = {}
    for index, (name, naf, postcode, city, band, person, _show) in enumerate(table, start=first_index):
        siret = demo_siret(index)
        company = Company.objects.filter(siret=siret).first()
        if company is None:
            company = prospect_services.company_create(
                name=name,
                siret=siret,
                naf_code=naf,
                postcode=postcode,
                city=city,
                workforce_band=band,
                legal_form="5710" if band >= WorkforceBand.B21 else "5499",
                website=f"https://www.{_slug(name)}.fr",
                owner=users["malzieu"] if postcode.startswith(LOZERE_PREFIX) else users["mission"],
                source="Démonstration",
                is_demo=True,
            )
        first_name, last_name, job_title = person
        n = index % 60
        if not Contact.objects.filter(company=company, last_name=last_name).exists():
            prospect_services.contact_create(
                company=company,
                first_name=first_name,
                last_name=last_name,
                job_title=job_title,
                email=f"{_slug(first_name)}.{_slug(last_name)}@{_slug(name)}.fr",
                phone=f"0{4 + index % 2} {66 + index % 30:02d} {10 + n:02d} {20 + n:02d} {30 + n:02d}",
                is_primary=True,
            )
        companies[name] = company
    return companies


def _appearances(users, shows, companies):
    appearances = {}
    lozere_wood = [
        c for c in companies.values() if c.postcode.startswith(LOZERE_PREFIX) and c.naf_code_id[:2] in ("16", "43")
    ]
    lozere_food = [c for c in companies.values() if c.postcode.startswith(LOZERE_PREFIX) and c.naf_code_id[:2] == "10"]
    partners = {"Carrefour International du Bois": lozere_wood, "SIAL Paris": lozere_food}
    for show_name, starts_on, ends_on, city, venue, stand, cost, target, objectives, staff, notes in APPEARANCES:
        show = shows[show_name]
        appearance = Appearance.objects.filter(trade_show=show, year=starts_on.year).first()
        if appearance is None:
            appearance = appearance_services.appearance_create(
                trade_show=show,
                starts_on=starts_on,
                ends_on=ends_on,
                city=city,
                venue=venue,
                stand=stand,
                cost=cost,
                meetings_target=target,
                objectives=objectives,
                notes=notes,
                staff=[users[name] for name in staff],
                partner_companies=partners.get(show_name, []),
                is_demo=True,
            )
        appearances[show_name] = appearance
    return appearances


def _leads(users, companies, appearances):
    from core.workdays import due_on_for_grade

    shows_by_company = {name: show for name, *_rest, show in COMPANIES}
    for name, (grade, day, summary, followup) in LEADS.items():
        company = companies[name]
        appearance = appearances[shows_by_company[name]]
        if Interaction.objects.filter(company=company, appearance=appearance).exists():
            continue
        met_on = appearance.starts_on + datetime.timedelta(days=day)
        staff = list(appearance.staff.all())
        logged_by = staff[len(name) % len(staff)]
        interaction = prospect_services.interaction_log(
            company=company,
            kind=InteractionKind.STAND,
            occurred_at=aware(met_on, 10 + len(name) % 7),
            summary=summary,
            logged_by=logged_by,
            contacts=list(company.contacts.all()[:1]),
            appearance=appearance,
            lead_grade=grade,
        )
        if followup is None:
            continue
        due_on = due_on_for_grade(grade, met_on)
        created = prospect_services.followup_create(
            company=company,
            title=f"Relance après {appearance}",
            due_on=due_on,
            assignee=logged_by,
            created_by=logged_by,
            interaction=interaction,
        )
        if followup[0] == "done":
            prospect_services.followup_complete(followup=created, actor=logged_by)
            # Done in 2012, not today: the on-time share depends on it.
            done_on = due_on + datetime.timedelta(days=followup[1])
            FollowUp.objects.filter(pk=created.pk).update(done_at=aware(done_on, 16))


def programme_named(name):
    model = Project._meta.get_field("programme").related_model
    return model.objects.filter(name=name).first()


def _projects(users, companies, appearances):
    for company_name, title, show_name, stage, extra in PROJECTS:
        company = companies[company_name]
        if Project.objects.filter(company=company, title=title).exists():
            continue
        extra = dict(extra)
        won_fields = {
            key: extra.pop(key)
            for key in ("jobs_created", "investment_realised", "decided_on", "lost_reason")
            if key in extra
        }
        if "programme" in extra:
            extra["programme"] = programme_named(extra["programme"])
        appearance = appearances.get(show_name)
        opened_on = appearance.ends_on + datetime.timedelta(days=10) if appearance else D(2012, 3, 12)
        owner = users["malzieu"] if extra.get("programme") else users["mission"]
        project = prospect_services.project_create(
            company=company,
            title=title,
            actor=owner,
            stage=ProjectStage.ACTIVE if stage in (ProjectStage.WON, ProjectStage.LOST) else stage,
            opened_on=opened_on,
            origin_appearance=appearance,
            team=[users["direction"]] if extra.get("confidential") else [],
            is_demo=True,
            **extra,
        )
        if stage in (ProjectStage.WON, ProjectStage.LOST):
            prospect_services.project_move_stage(project=project, stage=stage, actor=owner, **won_fields)
        moments = [aware(opened_on, 9)]
        if project.stage_changes.count() > 1:
            moments.append(aware(project.decided_on, 11))
        backdate_stages(project, moments)


def _outcomes(users):
    """Decide, with their 2013-2014 dates, the projects still open at the end of 2012."""
    for company_name, title, stage, decided_on, fields in OUTCOMES:
        project = Project.objects.filter(company__name=company_name, title=title, is_demo=True).first()
        if project is None or project.decided_on is not None:
            continue
        owner = project.owner or users["mission"]
        moments = [change.entered_at for change in project.stage_changes.order_by("entered_at", "id")]
        prospect_services.project_move_stage(project=project, stage=stage, actor=owner, decided_on=decided_on, **fields)
        backdate_stages(project, [*moments, aware(decided_on, 11)])


def seed(users):
    shows = trade_shows_seed(TRADE_SHOWS)
    companies = companies_seed(users, COMPANIES)
    appearances = _appearances(users, shows, companies)
    _leads(users, companies, appearances)
    _projects(users, companies, appearances)
    return appearances


def seed_outcomes(users):
    """After the sites were proposed to the 2012 projects: how those still open ended."""
    _outcomes(users)
