"""Every form of the site, as every role, with hostile values: never a 500, never a half-done write.

The crawler opens every page of the role matrix (tests/security/test_url_access.py)
and the admin's add and change form of every registered model, reads the forms
each shows, and posts them: first as they come (their own defaults), then with
one hostile value in one field at a time (far dates, 29 February, NUL, CR/LF,
10,000 characters, emoji, RTL marks, formulas, HTML, negative and huge numbers,
unknown and foreign ids, empty and garbage files). Every form is posted with its
defaults and every field gets at least one hostile value; further values are
drawn from a seeded random sample until FUZZ_BUDGET_SECONDS (10 by default;
``make fuzz`` gives it longer).

A request fails the test when it answers 5xx, or when it was refused (an error
status or the form shown again with errors) and yet some table's row count
changed.
"""

import os
import random
import time

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from prospects.models import InteractionKind
from tests.events.factories import AppearanceFactory
from tests.fuzz.crawler import forms_in, hostile_values, refused, row_counts, submission
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)
from tests.security.test_url_access import ACCESS, PUBLIC, url_for
from tests.security.test_url_access import world as role_matrix_world  # noqa: F401, F811  (a fixture)

pytestmark = pytest.mark.django_db

BUDGET_SECONDS = float(os.environ.get("FUZZ_BUDGET_SECONDS", "10"))
SEED = int(os.environ.get("FUZZ_SEED", "20261202"))

# Logging out or switching language changes the client, not the data.
NOT_FUZZED = {"accounts:logout", "set_language", "admin:logout"}
# Forms that remove what later forms work on: posted after all the others.
DESTRUCTIVE = ("delete", "erase", "left", "logout")
# Fields of an admin form given their first hostile value together.
ADMIN_BATCH = 6


@pytest.fixture
def fuzz_world(role_matrix_world, teammate, observer):  # noqa: F811
    """The role matrix's records, plus another company's and a confidential project."""
    world = role_matrix_world
    other = CompanyFactory(name="Fonderie du Lot", actor=teammate)
    other_contact = ContactFactory(company=other, last_name="Delmas")
    secret = ProjectFactory(company=other, owner=teammate, title="Projet confidentiel", confidential=True)
    FollowUpFactory(company=other, assignee=teammate, project=secret, title="Relancer en secret")
    InteractionFactory(
        company=world.company, contacts=[world.contact], kind=InteractionKind.STAND, appearance=world.appearance
    )
    AppearanceFactory()
    world.foreign_ids = sorted({other.pk, other_contact.pk, secret.pk, observer.pk})
    return world


def _clients(mission, direction, observer, admin_user):
    clients = {}
    for role, user in (("observer", observer), ("mission", mission), ("direction", direction), ("admin", admin_user)):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[role] = client
    return clients


def _admin_pages(admin_user):
    pages = []
    for model, _model_admin in admin.site._registry.items():
        app, name = model._meta.app_label, model._meta.model_name
        pages.append(reverse(f"admin:{app}_{name}_add"))
        instances = model._default_manager.order_by("-pk")
        if model is type(admin_user):
            instances = instances.exclude(pk=admin_user.pk)
        instance = instances.first()
        if instance is not None:
            pages.append(reverse(f"admin:{app}_{name}_change", args=[instance.pk]))
    return pages


def _discover(clients, world, admin_user):
    """(role, form) for every form a role's pages show, each distinct form once."""
    found, seen = [], set()
    for role, client in clients.items():
        pages = [url_for(name, world) for name, (access, _kwargs) in ACCESS.items() if access != PUBLIC]
        pages = [page for name, page in zip(ACCESS, pages, strict=False) if name not in NOT_FUZZED]
        if role == "admin":
            pages = _admin_pages(admin_user)
        for page in pages:
            response = client.get(page)
            assert response.status_code < 500, f"{role} GET {page}: {response.status_code}"
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_in(page, response.content.decode()):
                if not form.fields or _url_name(form.action) in NOT_FUZZED:
                    continue
                key = (role, form.method, form.action, form.field_names())
                if key not in seen:
                    seen.add(key)
                    found.append((role, form))
    return found


def _url_name(path):
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return None


def _destructive(form):
    return any(word in form.action for word in DESTRUCTIVE)


class Fuzzer:
    def __init__(self, clients):
        self.clients = clients
        self.failures = []
        self.requests = 0
        self.counts = row_counts()

    def send(self, role, form, hostile=None):
        client = self.clients[role]
        data = submission(form, hostile)
        if form.method == "post":
            response = client.post(form.action, data)
        else:
            response = client.get(form.action, data)
        self.requests += 1
        values = " ".join(f"{name}={value!r:.60}" for name, value in (hostile or {}).items())
        where = f"{role} {form.method.upper()} {form.action} {values or '(defaults)'}"
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            cause = f"{error[0].__name__}: {str(error[1])[:200]}" if error else ""
            self.failures.append(f"{where}: {response.status_code} {cause}")
        counts = row_counts()
        if (form.method == "get" or refused(response)) and counts != self.counts:
            changed = {table: (self.counts.get(table), n) for table, n in counts.items() if self.counts.get(table) != n}
            self.failures.append(f"{where}: refused ({response.status_code}) but rows changed {changed}")
        self.counts = counts


def _plan(discovered, foreign_ids, rng):
    """The requests every run makes, and the further ones drawn while the budget lasts.

    Every form is sent with its defaults as each role that sees it; every field
    of each distinct form gets one hostile value, spread across those roles. The
    admin's forms are slow to render (a company's has a dozen inline rows): their
    fields get their first hostile value a few at a time; one at a time, they
    and all other values come in the drawn sample.
    """
    by_form = {}
    for role, form in discovered:
        by_form.setdefault((form.method, form.action, form.field_names()), []).append((role, form))
    plan = [(role, form, None) for role, form in discovered]
    extra = []
    for variants in by_form.values():
        firsts = []
        for index, field in enumerate(variants[0][1].fuzzable()):
            role, form = variants[index % len(variants)]
            values = hostile_values(field, foreign_ids)
            first = rng.randrange(len(values))
            firsts.append((role, form, field.name, values[first]))
            extra.extend((role, form, {field.name: v}) for i, v in enumerate(values) if i != first)
        batch = ADMIN_BATCH if variants[0][1].action.startswith("/admin/") else 1
        for start in range(0, len(firsts), batch):
            chunk = firsts[start : start + batch]
            plan.append((chunk[0][0], chunk[0][1], {name: value for _role, _form, name, value in chunk}))
            if batch > 1:
                extra.extend((role, form, {name: value}) for role, form, name, value in chunk)
    plan.sort(key=lambda step: _destructive(step[1]))
    rng.shuffle(extra)
    return plan, [step for step in extra if not _destructive(step[1])], len(by_form)


def test_no_form_answers_500_or_writes_when_it_refuses(fuzz_world, mission, direction, observer, admin_user):
    clients = _clients(mission, direction, observer, admin_user)
    discovered = _discover(clients, fuzz_world, admin_user)
    assert len(discovered) > 40, [form.action for _role, form in discovered]
    plan, extra, distinct = _plan(discovered, fuzz_world.foreign_ids, random.Random(SEED))

    fuzzer = Fuzzer(clients)
    started = time.monotonic()
    for step in plan:
        fuzzer.send(*step)
    covered = time.monotonic() - started
    for step in extra:
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        fuzzer.send(*step)
    print(
        f"fuzz: {distinct} distinct forms, {len(discovered)} form × role, {fuzzer.requests} requests "
        f"in {time.monotonic() - started:.0f} s (every form and field covered in {covered:.0f} s, "
        f"{len(plan)} requests; {len(plan) + len(extra)} in the whole sample)"
    )
    assert not fuzzer.failures, f"{len(fuzzer.failures)} failures:\n" + "\n".join(fuzzer.failures[:60])
