"""Dates and amounts follow the page's language: « 11/06/2012 » and « 1 500 € » in French, « 11 Jun 2012 » and « €1,500 » in English."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from .pages import demo_objects, main_pages

FRENCH_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
FRENCH_MONEY = re.compile(r"\d[ \u00a0\u202f]€")
ENGLISH_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
ENGLISH_MONEY = re.compile(r"€\d")
TAG = re.compile(r"<[^>]*>")


def render(template, language, **context):
    with translation.override(language):
        return Template("{% load money %}" + template).render(Context(context))


@pytest.mark.parametrize(
    ("value", "arg", "french", "english"),
    [
        (1500, 0, "1\u00a0500\u00a0€", "€1,500"),
        (Decimal("700000.00"), 0, "700\u00a0000\u00a0€", "€700,000"),
        (Decimal("12.5"), 2, "12,50\u00a0€", "€12.50"),
        (-2500, 0, "-2\u00a0500\u00a0€", "-€2,500"),
        (None, 0, "", ""),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(value, arg, french, english):
    assert render("{{ value|money:arg }}", "fr", value=value, arg=arg) == french
    assert render("{{ value|money:arg }}", "en", value=value, arg=arg) == english


def text_of(response):
    return TAG.sub(" ", response.content.decode())


@pytest.mark.django_db
def test_main_pages_show_dates_and_money_in_their_own_language_only():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    objects = demo_objects()
    client = Client()
    client.force_login(get_user_model().objects.get(username="direction"))
    seen = {"fr": set(), "en": set()}
    problems = []
    for language, wrong in (("fr", (ENGLISH_DATE, ENGLISH_MONEY)), ("en", (FRENCH_DATE, FRENCH_MONEY))):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name, path in main_pages(objects):
            response = client.get(path)
            assert response.status_code == 200, (language, path)
            text = text_of(response)
            for pattern in wrong:
                for match in pattern.finditer(text):
                    problems.append(
                        f"{language} {name}: «{text[max(0, match.start() - 30) : match.end() + 10].strip()}»"
                    )
            right = (FRENCH_DATE, FRENCH_MONEY) if language == "fr" else (ENGLISH_DATE, ENGLISH_MONEY)
            seen[language].update(pattern.pattern for pattern in right if pattern.search(text))
    assert not problems, "\n".join(problems)
    # The pages do show dates and amounts, so the absence above means something.
    assert len(seen["fr"]) == 2 and len(seen["en"]) == 2, seen
