"""This year's demo programme, dated from the day ``seed_demo`` runs (tables in demo.data.shows_current).

Shows a few weeks past whose leads are still being worked, shows coming in the
next weeks, follow-ups due this week and a few late, projects that moved
recently and the year's target, so that the dashboard and "my follow-ups" of a
newcomer's first run have something to show. Everything is found again by its
natural key (a show's edition by its year, a company by its SIRET, a lead by
its company, a project or follow-up by its company and title): rerunning the
seed the same year changes nothing, and a later year adds only that year's
editions of the shows.
"""

import datetime

from django.utils import timezone

from demo.data.shows_2012 import LOZERE_PREFIX
from demo.data.shows_current import (
    APPEARANCES,
    COMPANIES,
    FOLLOWUPS,
    INTERACTIONS,
    LEADS,
    PROJECTS,
    TRADE_SHOWS,
    YEAR_TARGET,
)
from demo.shows import aware, backdate_stages, companies_seed, programme_named, trade_shows_seed
from events import appearances as appearance_services
from events.models import Appearance
from prospects import services as prospect_services
from prospects.models import Company, FollowUp, Interaction, InteractionKind, Project, ProjectStage, YearTarget
from results.services import year_target_set

# demo_siret index of the first company of this programme: after the 2012 ones.
FIRST_COMPANY_INDEX = 100
WOOD_NAF_DIVISIONS = ("16", "43")


def _days(today, offset):
    return today + datetime.timedelta(days=offset)


def _lozere_wood_firms():
    firms = Company.objects.filter(is_demo=True, postcode__startswith=LOZERE_PREFIX).order_by("siret")
    return [firm for firm in firms if (firm.naf_code_id or "")[:2] in WOOD_NAF_DIVISIONS]


def _appearances(users, shows, today):
    appearances = {}
    wood_firms = _lozere_wood_firms()
    for name, offset, length, city, venue, stand, cost, target, objectives, staff, wood in APPEARANCES:
        starts_on = _days(today, offset)
        appearance = Appearance.objects.filter(trade_show=shows[name], year=starts_on.year).first()
        if appearance is None:
            appearance = appearance_services.appearance_create(
                trade_show=shows[name],
                starts_on=starts_on,
                ends_on=_days(starts_on, length - 1),
                city=city,
                venue=venue,
                stand=stand,
                cost=cost,
                meetings_target=target,
                objectives=objectives,
                staff=[users[username] for username in staff],
                partner_companies=wood_firms if wood else [],
                is_demo=True,
            )
        appearances[name] = appearance
    return appearances


def _leads(companies, appearances, today):
    shows_by_company = {name: show for name, *_rest, show in COMPANIES}
    for name, (grade, day, summary, followup) in LEADS.items():
        company = companies[name]
        if Interaction.objects.filter(company=company, kind=InteractionKind.STAND).exists():
            continue
        appearance = appearances[shows_by_company[name]]
        met_on = _days(appearance.starts_on, day)
        staff = list(appearance.staff.order_by("username"))
        logged_by = staff[len(name) % len(staff)]
        interaction = prospect_services.interaction_log(
            company=company,
            kind=InteractionKind.STAND,
            occurred_at=aware(met_on, 9 + len(name) % 8),
            summary=summary,
            logged_by=logged_by,
            contacts=list(company.contacts.all()[:1]),
            appearance=appearance,
            lead_grade=grade,
        )
        if followup is None:
            continue
        status, *days = followup
        due_on = _days(met_on, days[0]) if status == "done" else _days(today, days[0])
        created = prospect_services.followup_create(
            company=company,
            title=f"Relance après {appearance}",
            due_on=due_on,
            assignee=logged_by,
            created_by=logged_by,
            interaction=interaction,
        )
        if status == "done":
            prospect_services.followup_complete(followup=created, actor=logged_by)
            FollowUp.objects.filter(pk=created.pk).update(done_at=aware(_days(due_on, days[1]), 16))


DECISION_FIELDS = ("jobs_created", "investment_realised", "lost_reason")


def _projects(users, companies, appearances, today):
    for company_name, title, show_name, path, extra in PROJECTS:
        company = companies[company_name]
        if Project.objects.filter(company=company, title=title).exists():
            continue
        extra = dict(extra)
        decision = {key: extra.pop(key) for key in DECISION_FIELDS if key in extra}
        if "programme" in extra:
            extra["programme"] = programme_named(extra["programme"])
        days = [_days(today, offset) for _stage, offset in path]
        final_stage = path[-1][0]
        if final_stage == ProjectStage.WON:
            # Won this year, even on the first days of January: the year's gauge counts it.
            days[-1] = max(days[-1], datetime.date(today.year, 1, 1))
        if final_stage in (ProjectStage.WON, ProjectStage.LOST):
            decision["decided_on"] = days[-1]
        owner = users["malzieu"] if extra.get("programme") else users["mission"]
        project = prospect_services.project_create(
            company=company,
            title=title,
            actor=owner,
            stage=path[0][0],
            opened_on=days[0],
            origin_appearance=appearances.get(show_name),
            team=[users["direction"]] if extra.get("confidential") else [],
            is_demo=True,
            **extra,
        )
        for stage, _offset in path[1:]:
            fields = decision if stage == final_stage else {}
            prospect_services.project_move_stage(project=project, stage=stage, actor=owner, **fields)
        backdate_stages(project, [aware(day, 10) for day in days])


def _interactions(users, companies, today):
    for company_name, kind, offset, summary, username in INTERACTIONS:
        company = companies[company_name]
        if Interaction.objects.filter(company=company, kind=kind, summary=summary).exists():
            continue
        prospect_services.interaction_log(
            company=company,
            kind=kind,
            occurred_at=aware(_days(today, offset), 14),
            summary=summary,
            logged_by=users[username],
            contacts=list(company.contacts.all()[:1]),
        )


def _followups(users, companies, today):
    for company_name, title, offset, username in FOLLOWUPS:
        company = companies[company_name]
        if FollowUp.objects.filter(company=company, title=title).exists():
            continue
        prospect_services.followup_create(
            company=company,
            title=title,
            due_on=_days(today, offset),
            assignee=users[username],
            created_by=users[username],
            project=Project.objects.filter(company=company).order_by("pk").first(),
        )


def _year_target(today):
    if not YearTarget.objects.filter(year=today.year).exists():
        year_target_set(year=today.year, **YEAR_TARGET)


def seed(users):
    today = timezone.localdate()
    shows = trade_shows_seed(TRADE_SHOWS)
    companies = companies_seed(users, COMPANIES, first_index=FIRST_COMPANY_INDEX)
    appearances = _appearances(users, shows, today)
    _leads(companies, appearances, today)
    _projects(users, companies, appearances, today)
    _interactions(users, companies, today)
    _followups(users, companies, today)
    _year_target(today)
    return appearances
