"""Dates read the way each language writes them, on every main page.

French pages write « 11/06/2012 » in tables and « lun. 11 juin 2012 » where
the weekday helps; English pages never write a date as numbers, since
11/06/2012 is 11 June to some readers and 6 November to others. Neither
language abbreviates a month the way another month is abbreviated (Django's
French ``M`` is « jui » for both juin and juillet).
"""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, get_format_modules

from core.formats import EXTRA_FORMATS
from events.models import Appearance
from prospects.models import Company, FollowUp, Project
from sites.models import Programme, Site

pytestmark = pytest.mark.django_db

NUMERIC_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])")
FRENCH_SHARED_ABBREVIATION = re.compile(r"\bjui\b(?!\.)", re.IGNORECASE)
EVERY_MONTH = [datetime.date(2012, month, 11) for month in range(1, 13)]
JUNE_IN_WORDS = {"fr": re.compile(r"\b\d{1,2} juin\b"), "en": re.compile(r"\b\d{1,2} June?\b")}
FORMAT_NAMES = (
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    *EXTRA_FORMATS,
)


def visible_text(content):
    """The text a reader sees: no tags, scripts, styles or attribute values."""
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", content, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_every_format_is_ours_and_tells_every_month_apart(language, name):
    ours = get_format_modules(language)[0]
    assert ours.__name__ == f"core.formats.{language}.formats"
    assert getattr(ours, name, None), f"{name} is missing from {ours.__name__}"
    days = EVERY_MONTH
    if "DATETIME" in name:
        days = [datetime.datetime.combine(day, datetime.time(14, 30)) for day in EVERY_MONTH]
    with translation.override(language):
        written = [date_format(day, name) for day in days]
    # Twelve months, twelve different dates, whatever the format shows of them.
    assert len(set(written)) == 12, written
    if language == "en":
        assert [text for text in written if NUMERIC_DATE.search(text)] == []
    else:
        assert [text for text in written if FRENCH_SHARED_ABBREVIATION.search(text)] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["lun. 11 juin 2012", "mar. 3 juil. 2012", "11/06/2012", "lundi 11 juin 2012"]),
        ("en", ["Mon 11 June 2012", "Tue 3 July 2012", "11 Jun 2012", "Monday 11 June 2012"]),
    ],
)
def test_named_formats_in_a_template(language, expected):
    template = Template(
        '{{ june|date:"WEEKDAY_DATE_FORMAT" }}|{{ july|date:"WEEKDAY_DATE_FORMAT" }}|'
        '{{ june|date:"SHORT_DATE_FORMAT" }}|{{ june|date:"LONG_WEEKDAY_DATE_FORMAT" }}'
    )
    with translation.override(language):
        rendered = template.render(Context({"june": datetime.date(2012, 6, 11), "july": datetime.date(2012, 7, 3)}))
    assert rendered.split("|") == expected


def test_templates_name_their_formats_instead_of_spelling_them():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spelled = []
    for path in sorted(root.glob("**/templates/**/*.*")):
        # Virtual environments (.venv, .venv-newest) hold other projects' templates.
        if path.relative_to(root).parts[0].startswith(".venv"):
            continue
        for match in re.finditer(r"\|date:\s*[\"']([^\"']+)[\"']", path.read_text(encoding="utf-8")):
            # "Y" and ISO "Y-m-d" are for machines (a year link, a data attribute read by a script).
            if match[1] not in ("Y", "Y-m-d") and not match[1].endswith("_FORMAT"):
                spelled.append(f"{path.relative_to(root)}: {match[0]}")
    assert spelled == []


@pytest.fixture
def demo_world():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    direction = get_user_model().objects.get(username="direction")
    company = Company.objects.order_by("pk").first()
    # A follow-up due on a Monday in June: the list writes its weekday.
    FollowUp.objects.create(
        company=company, assignee=direction, created_by=direction, title="Rappeler en juin", due_on="2012-06-11"
    )
    return direction


def main_pages():
    appearance = Appearance.objects.order_by("starts_on").first()
    project = Project.objects.order_by("pk").first()
    site = Site.objects.filter(available_from__isnull=False).order_by("pk").first() or Site.objects.first()
    company = Company.objects.filter(interactions__isnull=False).order_by("pk").first()
    return [
        reverse("dashboard"),
        reverse("annual_report") + "?year=2012",
        reverse("prospects:company_list"),
        reverse("prospects:company_detail", args=[company.pk]),
        reverse("prospects:project_list"),
        reverse("prospects:project_pipeline"),
        reverse("prospects:project_detail", args=[project.pk]),
        reverse("prospects:followup_list"),
        reverse("events:appearance_list"),
        reverse("events:appearance_detail", args=[appearance.pk]),
        reverse("events:target_list", args=[appearance.pk]),
        reverse("sites:site_list"),
        reverse("sites:site_detail", args=[site.pk]),
        reverse("sites:programme_list"),
        reverse("sites:programme_detail", args=[Programme.objects.first().pk]),
        reverse("sites:project_matches", args=[project.pk]),
        reverse("imports:import_start"),
        reverse("gdpr:retention_review"),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_main_pages_write_dates_the_language_s_way(client, demo_world, language):
    client.force_login(demo_world)
    client.cookies["django_language"] = language
    seen = []
    for url in main_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        if language == "en":
            assert NUMERIC_DATE.findall(text) == [], url
        else:
            assert FRENCH_SHARED_ABBREVIATION.findall(text) == [], url
        seen.append(text)
    # The pages did show dates in words: the 2012 programme starts in June.
    assert JUNE_IN_WORDS[language].search(" ".join(seen))


@pytest.mark.parametrize(("language", "expected"), [("fr", "lun. 11 juin 2012"), ("en", "Mon 11 June 2012")])
def test_followups_show_their_weekday_and_month_in_full(client, demo_world, language, expected):
    client.force_login(demo_world)
    client.cookies["django_language"] = language
    text = visible_text(client.get(reverse("prospects:followup_list")).content.decode())
    assert expected in text
