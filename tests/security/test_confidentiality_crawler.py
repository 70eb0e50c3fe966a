"""Every address of the resolver, every role: a confidential project's words reach only those allowed.

A confidential project whose code name, title and description carry marker
strings, the lead it came from, the follow-up scheduled from it and a site
proposed to it are added to the URL matrix's data; every URL of the
resolver (ids filled from that data, the confidential records swapped in,
exports in both formats, each user's calendar feed and the admin's pages)
is fetched as each role, and the markers may appear only for the project's
team and Direction.
"""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import calendar_token_renew
from prospects.models import FollowUp, Interaction, InteractionKind
from results.report import annual_report_build
from tests.prospects.factories import FollowUpFactory, InteractionFactory, ProjectFactory
from tests.security.test_url_access import ACCESS, _text_of, admin_urls, build_world
from tests.sites.factories import ProposalFactory, SiteFactory

pytestmark = pytest.mark.django_db

MARKERS = ("Zorglubcode", "Zorglubtitre", "Zorglubdescription", "Zorglublead", "Zorglubrelance", "Zorglubsite")

# What each URL is fetched with besides its plain address.
EXTRA_QUERIES = {
    "prospects:company_export": [{"format": "csv"}, {"format": "xlsx"}],
    "events:target_list": [{"export": "csv"}, {"export": "xlsx"}],
    "prospects:company_search_json": [{"q": "Scierie"}],
}
FORMAT_KWARGS = {"contacts_export", "followups_export"}


@pytest.fixture
def matrix_world(mission, direction, settings, tmp_path):
    return build_world(mission=mission, direction=direction, settings=settings, tmp_path=tmp_path)


@pytest.fixture
def secret(matrix_world, mission, teammate, direction):
    """The confidential project of world's company, owned by the teammate: the chargé de mission is outside it."""
    lead = InteractionFactory(
        company=matrix_world.company,
        contacts=[matrix_world.contact],
        kind=InteractionKind.STAND,
        appearance=matrix_world.appearance,
        logged_by=teammate,
        summary="Rencontre au salon : Zorglublead, une usine à 40 emplois.",
    )
    project = ProjectFactory(
        company=matrix_world.company,
        owner=teammate,
        title="Zorglubtitre",
        code_name="Zorglubcode",
        confidential=True,
        description="Zorglubdescription : relocalisation depuis Lyon.",
        origin_appearance=matrix_world.appearance,
    )
    followup = FollowUpFactory(
        company=matrix_world.company,
        project=project,
        interaction=lead,
        assignee=teammate,
        created_by=direction,
        title="Envoyer le dossier Zorglubrelance",
        notes="Zorglubrelance : appeler avant vendredi.",
    )
    proposal = ProposalFactory(project=project, site=SiteFactory(), actor=teammate, notes="Zorglubsite")
    return SimpleNamespace(project=project, interaction=lead, followup=followup, proposal=proposal)


def _worlds(matrix_world, secret):
    """world as the matrix fills it, then with the confidential records in place of the open ones."""
    swapped = SimpleNamespace(**{**vars(matrix_world), **vars(secret)})
    return [matrix_world, swapped]


def _app_urls(matrix_world, secret):
    urls = set()
    for data in _worlds(matrix_world, secret):
        for name, (_access, kwargs_for) in ACCESS.items():
            if name in ("accounts:logout", "reminders:calendar_feed"):
                continue
            if name in FORMAT_KWARGS:
                urls.update(reverse(name, kwargs={"fmt": fmt}) for fmt in ("csv", "xlsx"))
                continue
            if name == "annual_report_csv":
                report = annual_report_build(year=timezone.localdate().year, user=matrix_world.project.owner)
                urls.update(reverse(name, kwargs={"section": section.slug}) for section in report.sections)
                continue
            url = reverse(name, kwargs=kwargs_for(data))
            urls.add(url)
            for query in EXTRA_QUERIES.get(name, []):
                urls.add(url + "?" + "&".join(f"{key}={value}" for key, value in query.items()))
    return sorted(urls)


def _admin_pages(matrix_world, secret):
    """Every admin address, plus each registered model's list and the confidential records' pages."""
    urls = {url for url in admin_urls() if "logout" not in url}
    for model in admin.site._registry:
        opts = model._meta
        urls.add(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    for obj in (matrix_world.company, matrix_world.contact, *vars(secret).values()):
        opts = obj._meta
        for view in ("change", "history"):
            urls.add(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]))
    for field in ("project", "interaction"):
        urls.add(f"{reverse('admin:autocomplete')}?app_label=prospects&model_name=followup&field_name={field}")
    return sorted(urls)


def _fetch(client, url):
    response = client.get(url)
    if response.status_code in (301, 302, 405):
        return ""
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if response.get("Content-Type", "").startswith("image/"):
        return ""
    text = _text_of(response)
    # iCalendar folds long lines: a marker may be cut by CRLF and a space.
    return text.replace("\r\n ", "")


def _feed_text(user):
    token = calendar_token_renew(user=user)
    return _fetch(Client(), reverse("reminders:calendar_feed", kwargs={"token": token}))


def _leaks(text):
    return [marker for marker in MARKERS if marker in text]


@pytest.fixture
def people(mission, teammate, direction, observer, admin_user, no_role_user):
    # The chargé de mission may use the admin too, within the rights of the role.
    mission.is_staff = True
    mission.save(update_fields=["is_staff"])
    return {
        "mission": (mission, False),
        "observer": (observer, False),
        "no_role": (no_role_user, False),
        "teammate": (teammate, True),
        "direction": (direction, True),
        "admin": (admin_user, True),
    }


def test_the_markers_reach_only_the_team_and_direction(matrix_world, secret, people):
    app_urls = _app_urls(matrix_world, secret)
    admin_pages = _admin_pages(matrix_world, secret)
    seen_by_allowed = set()
    for role, (user, allowed) in people.items():
        client = Client()
        client.force_login(user)
        leaks = {}
        for url in [*app_urls, *admin_pages]:
            found = _leaks(_fetch(client, url))
            if found and not allowed:
                leaks[url] = found
            seen_by_allowed.update(found if allowed else [])
        found = _leaks(_feed_text(user))
        if found and not allowed:
            leaks["calendar feed"] = found
        assert leaks == {}, f"{role} reads a confidential project's words: {leaks}"
    # The crawl does reach the project's words: the team sees every one of them.
    assert seen_by_allowed == set(MARKERS)


def test_the_team_s_calendar_feed_carries_the_confidential_follow_up_under_its_code_name(secret, teammate):
    text = _feed_text(teammate)
    assert "Zorglubrelance" in text and "Zorglubcode" in text


def test_someone_who_leaves_the_team_no_longer_has_its_follow_up_in_their_feed(secret, teammate, mission):
    # Made before the project was confidential, then the project closed to them.
    followup = FollowUpFactory(
        company=secret.project.company, project=secret.project, assignee=teammate, title="Zorglubrelance bis"
    )
    FollowUp.objects.filter(pk=followup.pk).update(assignee=mission)
    assert "Zorglub" not in _feed_text(mission)
    assert not Interaction.objects.visible_to(mission).filter(pk=secret.interaction.pk).exists()


def test_the_show_page_and_the_lead_screen_leave_out_the_confidential_lead(matrix_world, secret, mission_client):
    for name in ("events:appearance_detail", "events:lead_capture"):
        page = mission_client.get(reverse(name, args=[matrix_world.appearance.pk])).content.decode()
        assert "Zorglublead" not in page
    company_page = mission_client.get(
        reverse("prospects:company_detail", args=[matrix_world.company.pk])
    ).content.decode()
    assert "Zorglub" not in company_page


def _exports_and_feeds(matrix_world, secret):
    """Every address that sends data out of the CRM: the exports in both formats and the annual report's files."""
    exported = ("export", ".csv", ".xlsx", "format=")
    # The person's own file (art. 15) names them: it is what they asked for.
    own_file = reverse("gdpr:contact_export", kwargs={"pk": matrix_world.contact.pk})
    return [url for url in _app_urls(matrix_world, secret) if any(p in url for p in exported) and url != own_file]


def test_a_person_under_objection_is_named_in_no_export_and_no_feed(matrix_world, secret, people, mission):
    from prospects import gdpr

    FollowUpFactory(
        company=matrix_world.company, assignee=mission, title="Rappeler Hélène Fabrègue (h.fabregue@causse.fr)"
    )
    gdpr.contact_object(contact=matrix_world.contact, actor=mission)
    urls = _exports_and_feeds(matrix_world, secret)
    assert any("relances" in url for url in urls) and any("xlsx" in url for url in urls)
    for role, (user, _allowed) in people.items():
        client = Client()
        client.force_login(user)
        texts = {url: _fetch(client, url) for url in urls}
        texts["calendar feed"] = _feed_text(user)
        named = [url for url, text in texts.items() if "Fabrègue" in text or "h.fabregue@causse.fr" in text]
        assert named == [], f"{role} reads the objecting person's name in {named}"


def test_an_erased_person_is_on_no_page_and_in_no_table(matrix_world, secret, direction):
    from prospects import gdpr
    from tests.security.test_erasure_schema import person_traces

    assert person_traces() != []
    gdpr.contact_erase(contact=matrix_world.contact, actor=direction)
    assert person_traces() == []
    client = Client()
    client.force_login(direction)
    pages = {
        url: _fetch(client, url) for url in [*_app_urls(matrix_world, secret), *_admin_pages(matrix_world, secret)]
    }
    pages["calendar feed"] = _feed_text(direction)
    assert [url for url, text in pages.items() if "Fabrègue" in text or "fabregue" in text.lower()] == []
