"""Every URL pattern, every role: who reaches what.

ACCESS below is the role matrix, one line per URL name. A URL added without
a line here fails ``test_every_url_has_an_access_decision``: whoever adds a
page decides who may open it.
"""

import io
import re
import uuid
from types import SimpleNamespace

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from accounts.services import api_token_create, calendar_token_renew
from core import exports
from directory.models import DirectoryLoad
from events.models import PendingLead
from imports.services import batch_create
from tests.directory.factories import DirectoryChangeFactory, EstablishmentFactory
from tests.events.factories import AppearanceFactory
from tests.prospects.factories import (
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    ProjectFactory,
)
from tests.sites.factories import ProgrammeFactory, ProposalFactory, SiteFactory, photo_for

pytestmark = pytest.mark.django_db

# Who may open a page.
PUBLIC = "public"  # no login: the login page, health check, language switch, calendar feed (secret token)
LOGGED_IN = "logged_in"  # any account, even without a role (logging out)
ANY_ACCOUNT = "any_account"  # any signed-in account, even without a role (the second factor's pages)
EVERYONE = "everyone"  # the three roles: observers included
STAFF = "staff"  # chargés de mission and Direction
DIRECTION = "direction"
# A background export, for the one who asked for it (staff): its URL is built for each user's own
# export; anyone else's answers 404 (tests/core/test_background_exports.py).
OWN_EXPORT = "own_export"

ROLES_ALLOWED = {
    "mission": {LOGGED_IN, ANY_ACCOUNT, EVERYONE, STAFF, OWN_EXPORT},
    "direction": {LOGGED_IN, ANY_ACCOUNT, EVERYONE, STAFF, DIRECTION, OWN_EXPORT},
    "observer": {LOGGED_IN, ANY_ACCOUNT, EVERYONE},
    "no_role": {LOGGED_IN, ANY_ACCOUNT},
}


def completed_by(user):
    """A completion of a new follow-up of ``user``, to undo."""
    from prospects.services import followup_complete

    return followup_complete(followup=FollowUpFactory(assignee=user), actor=user).last_action


def pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


NONE = lambda world: {}  # noqa: E731

ACCESS = {
    "healthz": (PUBLIC, NONE),
    # Browsers fetch the manifest without cookies; the service worker holds no data.
    "web_manifest": (PUBLIC, NONE),
    "service_worker": (PUBLIC, NONE),
    "set_language": (PUBLIC, NONE),
    "accounts:login": (PUBLIC, NONE),
    "reminders:calendar_feed": (PUBLIC, lambda world: {"token": world.calendar_token}),
    "accounts:logout": (LOGGED_IN, NONE),
    # Everyone's own account page (language, digest, calendar address).
    "accounts:profile": (EVERYONE, NONE),
    "accounts:profile_calendar": (EVERYONE, NONE),
    "accounts:profile_two_factor": (EVERYONE, NONE),
    # The second factor: an administrator without a role must set it up too.
    "accounts:two_factor_setup": (ANY_ACCOUNT, NONE),
    "accounts:two_factor_verify": (ANY_ACCOUNT, NONE),
    "accounts:two_factor_codes": (ANY_ACCOUNT, NONE),
    # Everyone's own API tokens; revoking someone else's is refused with a message.
    "accounts:profile_api_token_create": (EVERYONE, NONE),
    "accounts:profile_api_token_revoke": (
        EVERYONE,
        lambda world: {"pk": api_token_create(user=world.mission, name="t")[0].pk},
    ),
    "dashboard": (EVERYONE, NONE),
    "annual_report": (EVERYONE, NONE),
    "annual_report_xlsx": (EVERYONE, NONE),
    "annual_report_csv": (EVERYONE, lambda world: {"section": "synthese"}),
    "year_target_update": (DIRECTION, lambda world: {"year": 2012}),
    "contacts_export": (STAFF, lambda world: {"fmt": "csv"}),
    "followups_export": (STAFF, lambda world: {"fmt": "csv"}),
    "prospects:company_list": (STAFF, NONE),
    "prospects:company_export": (STAFF, NONE),
    "prospects:company_search_json": (STAFF, NONE),
    "prospects:company_create": (STAFF, NONE),
    "prospects:company_people_json": (STAFF, pk("company")),
    "prospects:company_detail": (STAFF, pk("company")),
    "prospects:company_update": (STAFF, pk("company")),
    "prospects:company_history": (DIRECTION, pk("company")),
    "prospects:interaction_create": (STAFF, pk("company")),
    # The exchange was logged by the chargé de mission: theirs to correct, and Direction's.
    "prospects:interaction_update": (STAFF, pk("interaction")),
    "prospects:interaction_delete": (STAFF, pk("interaction")),
    "prospects:contact_create": (STAFF, pk("company")),
    "prospects:contact_update": (STAFF, pk("contact")),
    "prospects:contact_left": (STAFF, pk("contact")),
    "prospects:followup_create": (STAFF, pk("company")),
    "prospects:project_create": (STAFF, pk("company")),
    "prospects:project_pipeline": (STAFF, NONE),
    "prospects:project_list": (STAFF, NONE),
    "prospects:project_detail": (STAFF, pk("project")),
    "prospects:project_update": (STAFF, pk("project")),
    "prospects:project_move_stage": (STAFF, pk("project")),
    "prospects:project_needs_update": (STAFF, pk("project")),
    "prospects:followup_list": (STAFF, NONE),
    "prospects:followup_bulk_reassign": (DIRECTION, NONE),
    "prospects:followup_complete": (STAFF, pk("followup")),
    "prospects:followup_snooze": (STAFF, pk("followup")),
    "prospects:followup_reassign": (STAFF, pk("followup")),
    "prospects:followup_reassign_form": (STAFF, pk("followup")),
    "prospects:followup_update": (STAFF, pk("followup")),
    # Anyone's undo is refused with a message but the author's; a new completion for each request.
    "prospects:followup_undo": (STAFF, lambda world: {"pk": completed_by(world.mission).pk}),
    "events:appearance_list": (STAFF, NONE),
    "events:appearance_create": (STAFF, NONE),
    "events:appearance_detail": (STAFF, pk("appearance")),
    "events:appearance_update": (STAFF, pk("appearance")),
    "events:lead_capture": (STAFF, pk("appearance")),
    "events:target_list": (STAFF, pk("appearance")),
    # The stand app: the outbox's sync and the card reader answer JSON; the leads to check are
    # their sender's to confirm, and Direction's.
    "events:lead_sync": (STAFF, pk("appearance")),
    "events:offline_snapshot": (STAFF, NONE),
    "events:card_read": (STAFF, NONE),
    "events:pending_leads": (STAFF, pk("appearance")),
    "events:pending_lead_resolve": (STAFF, pk("pending_lead")),
    "events:meeting_plan": (STAFF, lambda world: {"pk": world.appearance.pk, "company_pk": world.company.pk}),
    "sites:site_list": (STAFF, NONE),
    "sites:site_create": (STAFF, NONE),
    "sites:site_detail": (STAFF, pk("site")),
    "sites:site_update": (STAFF, pk("site")),
    "sites:site_sheet": (STAFF, pk("site")),
    "sites:photo_add": (STAFF, pk("site")),
    # A new photo for each request: a removed photo is gone for the next role.
    "sites:photo_delete": (STAFF, lambda world: {"pk": photo_for(world.site).pk}),
    "sites:photo_file": (STAFF, lambda world: {"pk": photo_for(world.site).pk}),
    "sites:zone_list": (STAFF, NONE),
    "sites:zone_create": (STAFF, NONE),
    "sites:zone_detail": (STAFF, pk("zone")),
    "sites:zone_update": (STAFF, pk("zone")),
    "sites:programme_list": (STAFF, NONE),
    "sites:programme_detail": (STAFF, pk("programme")),
    "sites:project_matches": (STAFF, lambda world: {"project_pk": world.project.pk}),
    "sites:proposal_create": (STAFF, NONE),
    "sites:proposal_update": (STAFF, pk("proposal")),
    "exports:export_detail": (OWN_EXPORT, lambda world, user=None: {"pk": own_export(world, user).pk}),
    "exports:export_status": (OWN_EXPORT, lambda world, user=None: {"pk": own_export(world, user).pk}),
    "exports:export_file": (OWN_EXPORT, lambda world, user=None: {"pk": own_export(world, user).pk}),
    "imports:import_start": (DIRECTION, NONE),
    "imports:template": (DIRECTION, NONE),
    "imports:batch_detail": (DIRECTION, pk("batch")),
    "imports:batch_confirm": (DIRECTION, pk("batch")),
    "imports:batch_status": (DIRECTION, pk("batch")),
    # The uploaded file itself (people's names): Direction only.
    "imports:batch_file": (DIRECTION, pk("batch")),
    # The header's search: it leads only to pages observers may not open.
    "finder:search": (STAFF, NONE),
    "finder:suggestions": (STAFF, NONE),
    "directory:targeting": (STAFF, NONE),
    "directory:targeting_follow": (STAFF, NONE),
    "directory:lookup_json": (STAFF, NONE),
    "directory:signals": (STAFF, NONE),
    "directory:load_start": (DIRECTION, NONE),
    "directory:load_detail": (DIRECTION, pk("directory_load")),
    "directory:load_status": (DIRECTION, pk("directory_load")),
    "directory:company_refresh": (STAFF, pk("company")),
    "directory:signal_act": (STAFF, lambda world: {"pk": world.signal.pk, "action": "ecarter"}),
    "directory:establishment": (STAFF, lambda world: {"siret": world.establishment.siret}),
    "directory:establishment_follow": (STAFF, lambda world: {"siret": world.establishment.siret}),
    "gdpr:register": (STAFF, NONE),
    "gdpr:retention_review": (DIRECTION, NONE),
    "gdpr:contact_object": (STAFF, pk("contact")),
    "gdpr:contact_erase": (DIRECTION, pk("contact")),
    "gdpr:contact_export": (DIRECTION, pk("contact")),
    # The API: what names a company or a person is for the staff, as on the screens.
    "api:company-list": (STAFF, NONE),
    "api:company-detail": (STAFF, pk("company")),
    "api:contact-list": (STAFF, NONE),
    "api:contact-detail": (STAFF, pk("contact")),
    "api:interaction-list": (STAFF, NONE),
    "api:interaction-detail": (STAFF, pk("interaction")),
    "api:followup-list": (STAFF, NONE),
    "api:followup-detail": (STAFF, pk("followup")),
    "api:followup-complete": (STAFF, pk("followup")),
    "api:followup-snooze": (STAFF, pk("followup")),
    "api:followup-reassign": (STAFF, pk("followup")),
    "api:project-list": (STAFF, NONE),
    "api:project-detail": (STAFF, pk("project")),
    "api:tradeshow-list": (STAFF, NONE),
    "api:tradeshow-detail": (STAFF, lambda world: {"pk": world.appearance.trade_show_id}),
    "api:appearance-list": (STAFF, NONE),
    "api:appearance-detail": (STAFF, pk("appearance")),
    "api:appearance-leads": (STAFF, pk("appearance")),
    "api:lead_capture": (STAFF, NONE),
    "api:site-list": (STAFF, NONE),
    "api:site-detail": (STAFF, pk("site")),
    "api:zone-list": (STAFF, NONE),
    "api:zone-detail": (STAFF, pk("zone")),
    "api:programme-list": (STAFF, NONE),
    "api:programme-detail": (STAFF, pk("programme")),
    # Aggregates only: observers read them as they read the dashboard.
    "api:figures": (EVERYONE, NONE),
    # The description of the API and its documentation page: for every role (observers use
    # the figures), not the public: it maps the CRM's data, which outsiders have no use for.
    "api:schema": (EVERYONE, NONE),
    "api:docs": (EVERYONE, NONE),
    # The agency's website reads the offer it publishes, without an account.
    "api:public_offer-list": (PUBLIC, NONE),
    "api:public_offer-detail": (PUBLIC, lambda world: {"reference": published(world.site)}),
}

# API endpoints answer an anonymous request 401 with a JSON error rather than
# sending it to the login page; the documentation page is a page like the others.
API_PAGES = {"api:docs"}


def answers_as_api(name):
    return name.startswith("api:") and name not in API_PAGES


def published(site):
    """The site's reference, once it is on the public offer."""
    site.published_on_website = True
    site.save(update_fields=["published_on_website"])
    return site.reference


# Served by the Django admin, whose own login and is_staff flag guard it.
ADMIN_NAMESPACE = "admin"


def _walk(patterns, prefix="", namespace=None):
    """(namespace, qualified name, full route, pattern) for every URL pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield namespace, name, prefix + str(pattern.pattern), pattern.pattern


def app_patterns():
    return [item[1:] for item in _walk(get_resolver().url_patterns) if item[0] != ADMIN_NAMESPACE]


def admin_urls():
    """One concrete address per admin pattern, ids and app labels filled in."""

    def fill(match):
        return "prospects" if match[1] == "app_label" else "1"

    urls = []
    for namespace, _name, route, _pattern in _walk(get_resolver().url_patterns):
        if namespace != ADMIN_NAMESPACE:
            continue
        url = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, route)
        url = re.sub(r"<(?:\w+:)?(\w+)>", fill, url)
        urls.append("/" + url.replace("^", "").replace("$", ""))
    return urls


@pytest.fixture
def world(mission, teammate, direction, observer, settings, tmp_path):
    return build_world(mission=mission, direction=direction, settings=settings, tmp_path=tmp_path)


def build_world(*, mission, direction, settings, tmp_path):
    """One record of each kind the URLs name (also filled in by the confidentiality crawler)."""
    settings.MEDIA_ROOT = tmp_path
    company = CompanyFactory(name="Scierie du Causse", actor=mission)
    contact = ContactFactory(
        company=company, first_name="Hélène", last_name="Fabrègue", email="h.fabregue@causse.fr", phone="0466990011"
    )
    project = ProjectFactory(company=company, owner=mission, title="Atelier de rabotage")
    site = SiteFactory()
    establishment = EstablishmentFactory(name="FROMAGERIE DES CAUSSES")
    appearance = AppearanceFactory()
    return SimpleNamespace(
        mission=mission,
        company=company,
        contact=contact,
        interaction=InteractionFactory(company=company, contacts=[contact], logged_by=mission),
        project=project,
        followup=FollowUpFactory(company=company, assignee=mission, project=project),
        appearance=appearance,
        pending_lead=PendingLead.objects.create(
            appearance=appearance,
            created_by=mission,
            device_id=uuid.uuid4(),
            payload={"company_name": "Scierie du Causse", "summary": "Vu au stand."},
            candidates=[company.pk],
        ),
        site=site,
        zone=site.zone,
        programme=ProgrammeFactory(),
        proposal=ProposalFactory(project=project, site=site, actor=mission),
        establishment=establishment,
        directory_load=DirectoryLoad.objects.create(files="geo_siret_48.csv"),
        signal=DirectoryChangeFactory(company=company, establishment=EstablishmentFactory(siren=company.siren)),
        calendar_token=calendar_token_renew(user=mission),
        batch=batch_create(
            uploaded_file=SimpleUploadedFile("cibles.csv", b"siret,raison_sociale\r\n", content_type="text/csv"),
            created_by=direction,
            source="Salon 2012",
        ),
    )


def own_export(world, user=None):
    """A finished companies export of ``user`` (the chargé de mission by default)."""
    export = exports.export_create(
        user=user or world.mission, kind="companies", export_format="xlsx", params={"query": ""}
    )
    return exports.export_build(export_id=export.pk) or export


def url_for(name, world, user=None):
    access, kwargs = ACCESS[name]
    return reverse(name, kwargs=kwargs(world, user) if access == OWN_EXPORT else kwargs(world))


def reach(client, url):
    """GET the page; for a POST-only action, POST it."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


def is_login_redirect(response, login_url):
    return response.status_code == 302 and response["Location"].split("?")[0] == login_url


def test_every_url_has_an_access_decision():
    names = [name for name, _route, _pattern in app_patterns()]
    assert None not in names, "every URL pattern needs a name, so that it can be given an access decision"
    assert sorted(set(names) - set(ACCESS)) == [], "new URLs: add them to ACCESS with who may open them"
    assert sorted(set(ACCESS) - set(names)) == [], "these URLs no longer exist: remove them from ACCESS"


@pytest.mark.parametrize("name", sorted(name for name, decision in ACCESS.items() if decision[0] != PUBLIC))
def test_anonymous_users_are_sent_to_the_login_page(client, world, name):
    url = url_for(name, world)
    login = reverse("accounts:login")
    answered = 0
    for method in (client.get, client.post):
        response = method(url)
        if response.status_code == 405:
            continue
        answered += 1
        if answers_as_api(name):
            assert response.status_code == 401, f"{method.__name__.upper()} {url}: {response.status_code}"
            # JSON, or YAML for the schema (of which JSON is a part).
            assert yaml.safe_load(response.content)["code"] == "not_authenticated"
            continue
        assert is_login_redirect(response, login), f"{method.__name__.upper()} {url}: {response.status_code}"
    assert answered, f"{url} refuses both GET and POST"


@pytest.mark.parametrize("name", sorted(name for name, decision in ACCESS.items() if decision[0] == PUBLIC))
def test_public_urls_answer_without_login(client, world, name):
    response = reach(client, url_for(name, world))
    assert response.status_code in (200, 302), response.status_code
    assert not is_login_redirect(response, reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(name for name, decision in ACCESS.items() if decision[0] != PUBLIC))
def test_each_role_reaches_exactly_its_pages(world, mission, direction, observer, no_role_user, name):
    users = {"mission": mission, "direction": direction, "observer": observer, "no_role": no_role_user}
    access = ACCESS[name][0]
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        url = url_for(name, world, user)
        response = reach(client, url)
        if access == LOGGED_IN:
            # Logging out: everyone may, and lands on the login page.
            assert is_login_redirect(response, reverse("accounts:login")), f"{role}: {response.status_code}"
        elif access in ROLES_ALLOWED[role]:
            assert response.status_code not in (401, 403, 404), f"{role} should reach {url}: {response.status_code}"
            assert response.status_code < 500
            assert not is_login_redirect(response, reverse("accounts:login")), f"{role} sent to login by {url}"
        else:
            assert response.status_code in (403, 404), f"{role} should not reach {url}: {response.status_code}"


INT_KWARGS_NOT_IDS = {"year"}


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, _route, pattern in app_patterns()
        if name in ACCESS
        and isinstance(pattern, RoutePattern)
        and any(
            type(c).__name__ == "IntConverter" and key not in INT_KWARGS_NOT_IDS
            for key, c in pattern.converters.items()
        )
    ),
)
def test_unknown_ids_are_404_never_500(world, direction_client, name):
    kwargs = ACCESS[name][1](world)
    for key in kwargs:
        if isinstance(kwargs[key], int) and key not in INT_KWARGS_NOT_IDS:
            kwargs[key] = 987654321
    response = reach(direction_client, reverse(name, kwargs=kwargs))
    assert response.status_code == 404


def _text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return body.decode()


@pytest.mark.parametrize("name", sorted(name for name, decision in ACCESS.items() if decision[0] == EVERYONE))
def test_observers_never_see_a_person_s_name_email_or_phone(world, observer_client, name):
    from prospects.models import InteractionKind

    InteractionFactory(company=world.company, contacts=[world.contact], kind=InteractionKind.STAND)
    url = url_for(name, world)
    response = observer_client.get(url)
    if response.status_code == 405:
        response = observer_client.post(url, follow=True)
        assert response.status_code < 500
    else:
        assert response.status_code == 200
    text = _text_of(response)
    for personal in ("Fabrègue", "h.fabregue@causse.fr", "0466990011", "04 66 99 00 11"):
        assert personal not in text


@pytest.mark.parametrize("url", admin_urls())
def test_the_admin_is_closed_to_anonymous_users_and_to_accounts_without_the_staff_flag(client, mission, url):
    admin_login = reverse("admin:login")
    if url == admin_login:
        assert client.get(url).status_code == 200
        return
    if url == reverse("admin:logout"):
        # Logging out when not logged in changes nothing: it is open.
        assert client.post(url).status_code == 302
        return
    for user in (None, mission):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert is_login_redirect(response, admin_login), f"{url}: {response.status_code}"
