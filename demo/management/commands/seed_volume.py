"""Fill the database with a large, realistic-looking agency to measure lozdev at scale.

``manage.py seed_volume --companies 200000`` writes, for N companies: about 2N
contacts, 5N interactions, N follow-ups, N/100 projects, plus 50 users, 40
trade-show appearances over five years and 2,000 sites in 60 business parks.
Rows are generated in memory per chunk of companies and written with COPY on
PostgreSQL (executemany on SQLite), with the derived fields the services would
set (folded search text, normalised name, département, sector from the NAF
code, last contact date) computed here, so the result looks like years of use.
Volume companies carry ``source="volume"``; volume users and shows are named
``volume-…`` and ``… (volume)``. Not idempotent: each run adds another batch.

Over 400 lines: one generator whose steps share a single random stream and
the ids it hands out, so that a given ``--seed`` always writes the same
rows; its proportions and name lists are in ``demo.volume_shapes``.
"""

import csv
import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from stdnum.luhn import calc_check_digit

from accounts.roles import GROUP_NAMES, Role
from core import communes
from core.identifiers import LA_POSTE_SIREN, fold, normalize_company_name, sort_key
from demo.volume_shapes import (
    APPEARANCES,
    CODE_NAMES,
    COMPANIES_PER_PROJECT,
    CONTACT_COUNTS,
    DEPARTMENT_WEIGHTS,
    DIRECTION_USERS,
    FIRST_NAMES,
    FOLLOWUP_COUNTS,
    FOLLOWUP_TITLES,
    GRADE_WEIGHTS,
    INTERACTION_COUNTS,
    JOB_TITLES,
    KIND_WEIGHTS,
    LEGAL_FORM_WEIGHTS,
    LEGAL_FORM_WORD,
    LOST_REASONS,
    MISSION_USERS,
    OTHER_DEPARTMENT_WEIGHT,
    PLACES,
    PROJECT_TITLES,
    SECTOR_SHAPES,
    SHOWS,
    SITES,
    STAND_SHARE,
    SUMMARIES,
    SURNAMES,
    TOUCHED_STAGES,
    UNTOUCHED_STAGES,
    VOLUME_PASSWORD,
    VOLUME_SOURCE,
    WORKFORCE_WEIGHTS,
    YEARS,
    ZONE_PREFIXES,
    ZONES,
)
from events.models import Appearance, TradeShow
from prospects.models import (
    Company,
    CompanyStage,
    Contact,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    NafCode,
    Project,
    ProjectStage,
    ProjectStageChange,
    Sector,
    contact_search_text,
)
from prospects.selectors import sector_for_naf
from sites.models import Availability, Programme, Site, SiteKind, Zone, ZoneKind, ZoneState


def weighted(rng, weights):
    """A sampler over a {value: weight} mapping, faster than rng.choices per call."""
    values = list(weights)
    cumulative = []
    running = 0
    for value in values:
        running += weights[value]
        cumulative.append(running)
    # A precomputed table of 1,000 draws keeps the shape and costs one randrange.
    table = rng.choices(values, cum_weights=cumulative, k=1000)
    return lambda: table[rng.randrange(1000)]


class TableWriter:
    """Bulk writes of plain tuples: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, batch_size):
        self.batch_size = batch_size
        self.postgresql = connection.vendor == "postgresql"
        self.counts = defaultdict(int)
        self.written_models = set()

    def write(self, model, attnames, rows):
        if not rows:
            return
        opts = model._meta
        fields = [opts.get_field(name) for name in attnames]
        # Fields added to a model after this command was written get their
        # default, so the generator keeps working as the models grow.
        given = {field.attname for field in fields}
        extra_fields, extra_values = [], []
        for field in opts.concrete_fields:
            if field.attname in given:
                continue
            default = field.get_default()
            if default is None and not field.null:
                raise CommandError(f"seed_volume does not fill {opts.label}.{field.name}, which has no default.")
            extra_fields.append(field)
            extra_values.append(default)
        fields += extra_fields
        extra = tuple(extra_values)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(opts.db_table)
        with connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra if extra else row)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                # Table and column names come from the models, never from input.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
                prepared = [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, row + extra, strict=True)
                    ]
                    for row in rows
                ]
                for start in range(0, len(prepared), self.batch_size):
                    cursor.executemany(sql, prepared[start : start + self.batch_size])
        self.counts[opts.label] += len(rows)
        self.written_models.add(model)

    def finish(self):
        """Move the id sequences past the ids given here, then refresh the planner's statistics."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.written_models))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class Command(BaseCommand):
    help = "Add a large generated agency (companies, contacts, interactions, follow-ups…) to measure performance."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=200_000, help="How many companies (default 200000).")
        parser.add_argument("--seed", type=int, default=2012, help="Random seed, for a reproducible data set.")
        parser.add_argument(
            "--batch-size", type=int, default=10_000, help="Companies generated and written per chunk (default 10000)."
        )

    def handle(self, *args, companies, seed, batch_size, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_volume refuses to run with DJANGO_ENV=production: generated data has no place there."
            )
        if companies < 1 or batch_size < 1:
            raise CommandError("--companies and --batch-size must be positive.")
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.writer = TableWriter(batch_size)
        started = time.monotonic()
        with transaction.atomic():
            self._step("users", self.create_users)
            self._step("trade shows and appearances", self.create_appearances)
            self._step("programmes, zones and sites", self.create_sites)
            self._step("companies and their records", lambda: self.create_companies(companies, batch_size))
            self._step("partner companies on appearances", self.link_partners)
            self.writer.finish()
        if connection.vendor == "postgresql":
            self._step("VACUUM ANALYZE", self.analyze)
        for label, count in sorted(self.writer.counts.items()):
            self.stdout.write(f"  {label:<32} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Volume data written in {time.monotonic() - started:.1f} s."))

    def _step(self, label, function):
        started = time.monotonic()
        function()
        self.stdout.write(f"{label}: {time.monotonic() - started:.1f} s")

    # Random shapes --------------------------------------------------------

    def moment_between(self, earliest, latest):
        span = max(int((latest - earliest).total_seconds()), 1)
        moment = earliest + datetime.timedelta(seconds=self.rng.randrange(span))
        # Office hours, as people log what they did during the day.
        return moment.replace(hour=self.rng.randrange(7, 17), minute=self.rng.randrange(60), second=0)

    # Users -------------------------------------------------------------------

    def create_users(self):
        User = get_user_model()
        password = make_password(VOLUME_PASSWORD)
        wanted = [(f"volume-mission-{n:02d}", Role.MISSION) for n in range(1, MISSION_USERS + 1)]
        wanted += [(f"volume-direction-{n:02d}", Role.DIRECTION) for n in range(1, DIRECTION_USERS + 1)]
        existing = set(
            User.objects.filter(username__in=[name for name, _ in wanted]).values_list("username", flat=True)
        )
        new = []
        for index, (username, role) in enumerate(wanted):
            if username in existing:
                continue
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            last = SURNAMES[index % len(SURNAMES)]
            new.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@lozdev.localhost",
                    password=password,
                    is_staff=role == Role.DIRECTION,
                )
            )
        User.objects.bulk_create(new)
        by_name = {user.username: user for user in User.objects.filter(username__in=[name for name, _ in wanted])}
        groups = {role: Group.objects.get(name=GROUP_NAMES[role]) for role in (Role.MISSION, Role.DIRECTION)}
        for role, group in groups.items():
            group.user_set.add(*[by_name[name] for name, user_role in wanted if user_role == role])
        self.mission_ids = [by_name[name].pk for name, role in wanted if role == Role.MISSION]
        self.direction_ids = [by_name[name].pk for name, role in wanted if role == Role.DIRECTION]
        self.writer.counts["auth.User"] += len(new)

    # Trade shows ---------------------------------------------------------------

    def create_appearances(self):
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        shows = []
        for name, scope, _month, _days, _city, slugs in SHOWS:
            show, _created = TradeShow.objects.get_or_create(name=name, defaults={"scope": scope})
            show.sectors.add(*[sectors[slug] for slug in slugs if slug in sectors])
            shows.append(show)
        taken = set(Appearance.objects.filter(trade_show__in=shows).values_list("trade_show_id", "year"))
        first_year = self.today.year - YEARS + 1
        candidates = []
        for year in range(first_year, self.today.year + 1):
            for show, (_name, _scope, month, days, city, _slugs) in zip(shows, SHOWS, strict=True):
                if (show.pk, year) not in taken:
                    candidates.append((year, show, month, days, city))
        self.rng.shuffle(candidates)
        appearances = []
        for year, show, month, days, city in sorted(candidates[:APPEARANCES], key=lambda item: (item[0], item[2])):
            starts_on = datetime.date(year, month, self.rng.randrange(1, 20))
            appearances.append(
                Appearance(
                    trade_show=show,
                    year=year,
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=days - 1),
                    city=city,
                    stand=f"Hall {self.rng.randrange(1, 8)}, stand {self.rng.choice('ABCDEFG')}{self.rng.randrange(1, 99)}",
                    cost=Decimal(self.rng.randrange(3_000, 40_000)),
                    meetings_target=self.rng.randrange(10, 60),
                    objectives="Rencontrer les entreprises du secteur qui ont un projet d'implantation.",
                )
            )
        self.appearances = Appearance.objects.bulk_create(appearances)
        Staff = Appearance.staff.through
        Staff.objects.bulk_create(
            Staff(appearance_id=appearance.pk, user_id=user_id)
            for appearance in self.appearances
            for user_id in self.rng.sample(self.mission_ids, 3)
        )
        # Only shows that already took place can have produced leads.
        self.past_appearances = [a for a in self.appearances if a.ends_on < self.today]
        self.writer.counts["events.Appearance"] += len(self.appearances)

    # Property offer ------------------------------------------------------------

    def create_sites(self):
        lozere = self.communes_by_department()["48"]
        programmes = [
            Programme.objects.get_or_create(name=name, defaults={"partners": partners})[0]
            for name, partners in [
                ("Convention de revitalisation (volume)", "L'État, le Conseil général"),
                ("Pôle numérique POLeN (volume)", "Conseil général"),
                ("Zones A75 (volume)", "Communautés de communes"),
            ]
        ]
        zone_id = next_id(Zone)
        zone_rows = []
        self.zones = []
        for offset in range(ZONES):
            commune = self.rng.choice(lozere)
            total = Decimal(self.rng.randrange(200, 6000)) / 100
            available = (total * Decimal(self.rng.random())).quantize(Decimal("0.01"))
            interchange_km = Decimal(self.rng.randrange(0, 600)) / 10
            has_fibre = self.rng.random() < 0.5
            kind = ZoneKind.TECHNOLOGY_PARK if offset % 15 == 0 else self.rng.choice(list(ZoneKind))
            name = f"{self.rng.choice(ZONE_PREFIXES)} {self.rng.choice(PLACES)} {offset + 1}"
            zone_rows.append(
                (
                    zone_id + offset,
                    name,
                    kind,
                    commune.name.title(),
                    commune.insee_code,
                    total,
                    available,
                    "A75" if interchange_km < 30 else "",
                    interchange_km,
                    has_fibre,
                    self.rng.choice(list(ZoneState)),
                    self.rng.choice(programmes).pk if self.rng.random() < 0.3 else None,
                    Decimal(self.rng.randrange(800, 4000)) / 100,
                )
            )
            self.zones.append((zone_id + offset, commune, has_fibre))
        self.writer.write(
            Zone,
            [
                "id",
                "name",
                "kind",
                "commune_name",
                "commune_insee",
                "area_total_ha",
                "area_available_ha",
                "motorway",
                "interchange_km",
                "has_fibre",
                "state",
                "programme_id",
                "price_per_m2",
            ],
            zone_rows,
        )
        site_id = next_id(Site)
        kinds = weighted(self.rng, {SiteKind.BUILDING: 40, SiteKind.LOT: 35, SiteKind.OFFICE: 15, SiteKind.LAND: 10})
        availability = weighted(
            self.rng,
            {Availability.AVAILABLE: 65, Availability.UNDER_OPTION: 10, Availability.SOLD: 15, Availability.LET: 10},
        )
        rows = []
        for offset in range(SITES):
            kind = kinds()
            in_zone = self.rng.random() < 0.7
            if in_zone:
                zone, commune, zone_fibre = self.rng.choice(self.zones)
            else:
                zone, commune, zone_fibre = None, self.rng.choice(lozere), self.rng.random() < 0.3
            built = kind in (SiteKind.BUILDING, SiteKind.OFFICE)
            building_m2 = self.rng.randrange(80, 8000) if built else None
            land_m2 = self.rng.randrange(500, 40_000) if kind != SiteKind.OFFICE else None
            state = availability()
            sale_price = rent = None
            if state != Availability.LET:
                if self.rng.random() < 0.6:
                    sale_price = Decimal((building_m2 or 0) * self.rng.randrange(300, 900) + (land_m2 or 0) * 20)
                else:
                    rent = Decimal(((building_m2 or 0) * self.rng.randrange(3, 9)) + 200)
            listed_at = self.moment_between(self.start, self.now)
            rows.append(
                (
                    site_id + offset,
                    kind,
                    zone,
                    f"VOL-{site_id + offset:06d}",
                    f"{SiteKind(kind).label} de {building_m2 or land_m2} m² à {commune.name.title()}",
                    commune.postcode,
                    commune.name.title(),
                    commune.insee_code,
                    building_m2,
                    land_m2,
                    Decimal(self.rng.randrange(30, 120)) / 10 if built else None,
                    self.rng.randrange(0, 6) if kind == SiteKind.BUILDING else None,
                    sale_price,
                    rent,
                    state,
                    self.today + datetime.timedelta(days=self.rng.randrange(-365, 365)),
                    zone_fibre,
                    self.rng.choice(programmes).pk if self.rng.random() < 0.2 else None,
                    listed_at,
                    listed_at,
                )
            )
        self.writer.write(
            Site,
            [
                "id",
                "kind",
                "zone_id",
                "reference",
                "title",
                "postcode",
                "commune_name",
                "commune_insee",
                "building_m2",
                "land_m2",
                "clear_height_m",
                "loading_docks",
                "sale_price",
                "monthly_rent",
                "availability",
                "available_from",
                "has_fibre",
                "programme_id",
                "created_at",
                "updated_at",
            ],
            rows,
        )

    def communes_by_department(self):
        if not hasattr(self, "_communes"):
            grouped = defaultdict(list)
            seen = set()
            with communes.DATA_FILE.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter=";"):
                    key = (row["Code_commune_INSEE"], row["Code_postal"])
                    if key in seen:
                        continue
                    seen.add(key)
                    commune = communes.Commune(
                        row["Code_commune_INSEE"], row["Nom_commune"], row["Code_postal"], None, None
                    )
                    grouped[commune.department].append(commune)
            self._communes = grouped
        return self._communes

    # Companies and everything hanging from them ------------------------------------

    def prepare_company_shapes(self, count):
        by_department = self.communes_by_department()
        weights = {dept: DEPARTMENT_WEIGHTS.get(dept, OTHER_DEPARTMENT_WEIGHT) for dept in by_department}
        self.department = weighted(self.rng, weights)
        sectors = list(Sector.objects.all())
        by_slug = {sector.slug: sector for sector in sectors}
        codes_by_sector = defaultdict(list)
        for code in NafCode.objects.values_list("code", flat=True):
            sector = sector_for_naf(code, sectors)
            codes_by_sector[sector.slug if sector else None].append(code)
        self.sector_shapes = []
        shape_weights = {}
        for slug, weight, words in SECTOR_SHAPES:
            codes = codes_by_sector.get(slug)
            if not codes:
                continue
            sector = by_slug.get(slug)
            self.sector_shapes.append((sector.pk if sector else None, codes, words))
            shape_weights[len(self.sector_shapes) - 1] = weight
        if not self.sector_shapes:
            raise CommandError("No NAF codes in the database: run migrate first.")
        self.sector_shape = weighted(self.rng, shape_weights)
        self.workforce = weighted(self.rng, WORKFORCE_WEIGHTS)
        self.legal_form = weighted(self.rng, LEGAL_FORM_WEIGHTS)
        self.untouched_stage = weighted(self.rng, UNTOUCHED_STAGES)
        self.touched_stage = weighted(self.rng, TOUCHED_STAGES)
        self.grade = weighted(self.rng, GRADE_WEIGHTS)
        self.kind = weighted(self.rng, KIND_WEIGHTS)
        taken = set(Company.objects.exclude(siren="").values_list("siren", flat=True))
        bases = self.rng.sample(range(10_000_000, 100_000_000), count + len(taken) + 10)
        sirens = []
        for base in bases:
            siren = f"{base}{calc_check_digit(str(base))}"
            if siren not in taken and siren != LA_POSTE_SIREN:
                sirens.append(siren)
                if len(sirens) == count:
                    break
        self.sirens = sirens

    def company_name(self, words, legal_form):
        pattern = self.rng.randrange(6)
        surname = self.rng.choice(SURNAMES)
        word = self.rng.choice(words)
        if pattern == 0:
            name = f"{word} {surname}"
        elif pattern == 1:
            name = f"{word} du {self.rng.choice(PLACES)}"
        elif pattern == 2:
            name = f"{surname} et Fils"
        elif pattern == 3:
            name = f"{word} {surname} {self.rng.choice(PLACES)}"
        elif pattern == 4:
            name = f"{surname}-{self.rng.choice(SURNAMES)} {word}"
        else:
            name = f"{word} {self.rng.choice(PLACES)} {self.rng.randrange(1, 100)}"
        prefix = LEGAL_FORM_WORD.get(legal_form)
        if prefix and self.rng.random() < 0.3:
            name = f"{prefix} {name}"
        return name

    def create_companies(self, count, batch_size):
        self.prepare_company_shapes(count)
        ids = {
            "company": next_id(Company),
            "contact": next_id(Contact),
            "interaction": next_id(Interaction),
            "link": next_id(Interaction.contacts.through),
            "project": next_id(Project),
            "stage": next_id(ProjectStageChange),
            "team": next_id(Project.team.through),
            "followup": next_id(FollowUp),
        }
        self.ids = ids
        self.partner_candidates = []
        for start in range(0, count, batch_size):
            self.create_company_chunk(start, min(batch_size, count - start))

    def create_company_chunk(self, first_index, size):
        rng = self.rng
        ids = self.ids
        companies, contacts, interactions, links = [], [], [], []
        projects, stage_changes, team, followups = [], [], [], []
        span = int((self.now - self.start).total_seconds())
        for index in range(first_index, first_index + size):
            company_id = ids["company"]
            ids["company"] += 1
            created_at = self.start + datetime.timedelta(seconds=rng.randrange(span))
            sector_id, codes, words = self.sector_shapes[self.sector_shape()]
            naf = rng.choice(codes)
            legal_form = self.legal_form()
            name = self.company_name(words, legal_form)
            commune = rng.choice(self.communes_by_department()[self.department()])
            city = commune.name.title()
            siren = self.sirens[index]
            nic = f"{rng.randrange(1, 100):04d}"
            siret = siren + nic + calc_check_digit(siren + nic)
            owner = rng.choice(self.mission_ids) if rng.random() < 0.4 else None
            handler = owner or rng.choice(self.mission_ids)

            contact_ids = []
            contact_names = []
            for position in range(rng.choice(CONTACT_COUNTS)):
                contact_id = ids["contact"]
                ids["contact"] += 1
                first = rng.choice(FIRST_NAMES)
                last = rng.choice(SURNAMES)
                email = f"{fold(first)}.{fold(last)}@example.fr".replace(" ", "-") if rng.random() < 0.8 else ""
                objected = rng.random() < 0.01
                job_title = rng.choice(JOB_TITLES)
                phone = f"04 66 {rng.randrange(100):02d} {rng.randrange(100):02d} {rng.randrange(100):02d}"
                contacts.append(
                    (
                        contact_id,
                        company_id,
                        first,
                        last,
                        job_title,
                        email,
                        phone,
                        position == 0,
                        objected,
                        created_at if objected else None,
                        contact_search_text(first, last, email, phone),
                        created_at,
                        created_at,
                    )
                )
                contact_ids.append(contact_id)
                contact_names.append(f"{first} {last}")

            last_contact = None
            interaction_ids = []
            for _n in range(rng.choice(INTERACTION_COUNTS)):
                interaction_id = ids["interaction"]
                ids["interaction"] += 1
                appearance = None
                if self.past_appearances and rng.random() < STAND_SHARE:
                    appearance = rng.choice(self.past_appearances)
                    day = appearance.starts_on + datetime.timedelta(
                        days=rng.randrange((appearance.ends_on - appearance.starts_on).days + 1)
                    )
                    occurred_at = datetime.datetime.combine(
                        day, datetime.time(rng.randrange(8, 18), rng.randrange(60)), tzinfo=datetime.UTC
                    )
                    kind = InteractionKind.STAND
                else:
                    occurred_at = self.moment_between(created_at, self.now)
                    kind = self.kind()
                if occurred_at > self.now:
                    occurred_at = self.now
                interactions.append(
                    (
                        interaction_id,
                        company_id,
                        occurred_at,
                        kind,
                        appearance.pk if appearance else None,
                        rng.choice(SUMMARIES),
                        self.grade() if rng.random() < 0.7 else "",
                        handler,
                        occurred_at,
                    )
                )
                interaction_ids.append(interaction_id)
                if contact_ids:
                    links.append((ids["link"], interaction_id, rng.choice(contact_ids)))
                    ids["link"] += 1
                if last_contact is None or occurred_at > last_contact:
                    last_contact = occurred_at

            stage = self.touched_stage() if last_contact else self.untouched_stage()
            project_id = None
            if index % COMPANIES_PER_PROJECT == COMPANIES_PER_PROJECT // 2:
                project_id = self.add_project(company_id, sector_id, handler, created_at, projects, stage_changes, team)
                stage = CompanyStage.PROJECT

            for _n in range(rng.choice(FOLLOWUP_COUNTS)):
                followups.append(self.followup_row(company_id, project_id, interaction_ids, handler, created_at))

            # As Company.refresh_search_fields: its own fields, then its contacts' names.
            search_text = fold(" ".join([name, siren, siret, city, commune.postcode, *contact_names]))
            updated_at = max(created_at, last_contact or created_at)
            companies.append(
                (
                    company_id,
                    name,
                    siren,
                    siret,
                    naf,
                    sector_id,
                    False,
                    self.workforce(),
                    legal_form,
                    f"{rng.randrange(1, 120)} {rng.choice(['rue', 'avenue', 'route', 'chemin'])} des {rng.choice(PLACES)}",
                    commune.postcode,
                    city,
                    commune.insee_code,
                    commune.department,
                    "",
                    "",
                    stage,
                    rng.randrange(1, 6) if rng.random() < 0.5 else None,
                    owner,
                    VOLUME_SOURCE,
                    rng.random() < 0.02,
                    "",
                    last_contact,
                    search_text,
                    normalize_company_name(name)[:200],
                    sort_key(name)[:200],
                    False,
                    created_at,
                    updated_at,
                )
            )
            if commune.department == "48" and len(self.partner_candidates) < 500:
                self.partner_candidates.append(company_id)

        write = self.writer.write
        write(
            Company,
            [
                "id",
                "name",
                "siren",
                "siret",
                "naf_code_id",
                "sector_id",
                "sector_set_manually",
                "workforce_band",
                "legal_form",
                "address",
                "postcode",
                "city",
                "commune_code",
                "department",
                "website",
                "phone",
                "stage",
                "fit_score",
                "owner_id",
                "source",
                "do_not_contact",
                "notes",
                "last_contact_at",
                "search_text",
                "normalized_name",
                "sort_name",
                "is_demo",
                "created_at",
                "updated_at",
            ],
            companies,
        )
        write(
            Contact,
            [
                "id",
                "company_id",
                "first_name",
                "last_name",
                "job_title",
                "email",
                "phone",
                "is_primary",
                "objected",
                "objected_at",
                "search_text",
                "created_at",
                "updated_at",
            ],
            contacts,
        )
        write(
            Interaction,
            [
                "id",
                "company_id",
                "occurred_at",
                "kind",
                "appearance_id",
                "summary",
                "lead_grade",
                "logged_by_id",
                "created_at",
            ],
            interactions,
        )
        write(Interaction.contacts.through, ["id", "interaction_id", "contact_id"], links)
        write(
            Project,
            [
                "id",
                "company_id",
                "title",
                "code_name",
                "confidential",
                "sector_id",
                "stage",
                "stage_changed_at",
                "opened_on",
                "decided_on",
                "jobs_planned",
                "investment_planned",
                "building_m2",
                "land_m2",
                "fibre_needed",
                "max_interchange_km",
                "budget",
                "needed_by",
                "origin_appearance_id",
                "owner_id",
                "lost_reason",
                "jobs_created",
                "investment_realised",
                "description",
                "is_demo",
                "created_at",
                "updated_at",
            ],
            projects,
        )
        write(ProjectStageChange, ["id", "project_id", "stage", "entered_at", "changed_by_id"], stage_changes)
        write(Project.team.through, ["id", "project_id", "user_id"], team)
        write(
            FollowUp,
            [
                "id",
                "company_id",
                "project_id",
                "interaction_id",
                "title",
                "notes",
                "due_on",
                "assignee_id",
                "created_by_id",
                "status",
                "done_at",
                "created_at",
                "updated_at",
            ],
            followups,
        )

    def followup_row(self, company_id, project_id, interaction_ids, handler, created_at):
        rng = self.rng
        ids = self.ids
        followup_id = ids["followup"]
        ids["followup"] += 1
        first_day = created_at.date()
        last_day = self.today + datetime.timedelta(days=90)
        due_on = first_day + datetime.timedelta(days=rng.randrange(max((last_day - first_day).days, 1)))
        # Old follow-ups were done long ago (a few forgotten); recent ones are mostly still open.
        if due_on < self.today - datetime.timedelta(days=45):
            roll = rng.random()
            status = (
                FollowUpStatus.DONE if roll < 0.93 else FollowUpStatus.CANCELLED if roll < 0.98 else FollowUpStatus.OPEN
            )
        else:
            status = FollowUpStatus.OPEN if rng.random() < 0.7 else FollowUpStatus.DONE
        created = min(
            datetime.datetime.combine(
                due_on - datetime.timedelta(days=rng.randrange(1, 30)), datetime.time(9), datetime.UTC
            ),
            self.now,
        )
        created = max(created, created_at)
        done_at = None
        if status == FollowUpStatus.DONE:
            done_at = min(datetime.datetime.combine(due_on, datetime.time(16), datetime.UTC), self.now)
        # One in ten is given to somebody else than the company's usual contact person.
        assignee = handler if rng.random() < 0.9 else rng.choice(self.mission_ids)
        return (
            followup_id,
            company_id,
            project_id if project_id and rng.random() < 0.5 else None,
            rng.choice(interaction_ids) if interaction_ids and rng.random() < 0.5 else None,
            rng.choice(FOLLOWUP_TITLES),
            "",
            due_on,
            assignee,
            assignee,
            status,
            done_at,
            created,
            done_at or created,
        )

    def add_project(self, company_id, sector_id, owner, created_at, projects, stage_changes, team):
        rng = self.rng
        ids = self.ids
        project_id = ids["project"]
        ids["project"] += 1
        opened = self.moment_between(created_at, self.now)
        age_days = (self.now - opened).days
        path = [ProjectStage.LEAD]
        open_stages = [ProjectStage.ACTIVE, ProjectStage.SITE_VISIT, ProjectStage.PROPOSAL, ProjectStage.DECISION]
        if age_days > 365:
            outcome = rng.choices([ProjectStage.WON, ProjectStage.LOST, ProjectStage.DORMANT], [20, 50, 30])[0]
            path += open_stages[: rng.randrange(0, 5)]
            if outcome == ProjectStage.WON:
                path = [ProjectStage.LEAD, *open_stages]
            path.append(outcome)
        else:
            path += open_stages[: rng.randrange(0, 5)]
        stage = path[-1]
        moment = opened
        for step in path:
            stage_changes.append((ids["stage"], project_id, step, moment, owner))
            ids["stage"] += 1
            moment = min(moment + datetime.timedelta(days=rng.randrange(10, 90)), self.now)
        entered = stage_changes[-1][3]
        decided_on = entered.date() if stage in (ProjectStage.WON, ProjectStage.LOST) else None
        jobs = rng.randrange(2, 80)
        investment = Decimal(rng.randrange(50, 5_000) * 1000)
        confidential = rng.random() < 0.1
        appearance = rng.choice(self.past_appearances) if self.past_appearances and rng.random() < 0.3 else None
        won = stage == ProjectStage.WON
        projects.append(
            (
                project_id,
                company_id,
                rng.choice(PROJECT_TITLES),
                f"Projet {rng.choice(CODE_NAMES)}" if confidential else "",
                confidential,
                sector_id,
                stage,
                entered,
                opened.date(),
                decided_on,
                jobs,
                investment,
                rng.randrange(200, 6000) if rng.random() < 0.7 else None,
                rng.randrange(1000, 30_000) if rng.random() < 0.5 else None,
                rng.random() < 0.4,
                Decimal(rng.randrange(5, 60)) if rng.random() < 0.5 else None,
                Decimal(rng.randrange(100, 3000) * 1000) if rng.random() < 0.6 else None,
                opened.date() + datetime.timedelta(days=rng.randrange(180, 720)),
                appearance.pk if appearance else None,
                owner,
                rng.choice(LOST_REASONS) if stage == ProjectStage.LOST else "",
                max(1, jobs + rng.randrange(-jobs // 2, jobs // 2 + 1)) if won else None,
                (investment * Decimal(rng.randrange(60, 120)) / 100).quantize(Decimal(1)) if won else None,
                "",
                False,
                opened,
                entered,
            )
        )
        members = {owner, rng.choice(self.mission_ids)}
        for user_id in members:
            team.append((ids["team"], project_id, user_id))
            ids["team"] += 1
        return project_id

    def link_partners(self):
        Partner = Appearance.partner_companies.through
        rows = []
        link_id = next_id(Partner)
        for appearance in self.appearances:
            for company_id in self.rng.sample(self.partner_candidates, min(3, len(self.partner_candidates))):
                rows.append((link_id, appearance.pk, company_id))
                link_id += 1
        self.writer.write(Partner, ["id", "appearance_id", "company_id"], rows)

    def analyze(self):
        # VACUUM sets the visibility map, without which index-only scans (the
        # deep pages of the companies list) still visit every row; ANALYZE
        # gives the planner the new row counts. VACUUM cannot run inside a
        # transaction (a test's), where ANALYZE alone is done.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        tables = {model._meta.db_table for model in self.writer.written_models}
        with connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
