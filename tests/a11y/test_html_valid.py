"""Our main pages are valid HTML, and every reference between their elements leads somewhere.

Each page is rendered with the test client, as each role and signed out, on
the demo data, and parsed by html5lib, the WHATWG parsing algorithm in Python:
any parse error it reports (what ``HTMLParser(strict=True)`` raises on first)
fails the test, all of them listed. The parser does not check what the W3C
validator and screen readers also care about, so our own rules follow:

- ids are unique and never empty;
- every id named by ``aria-describedby``, ``aria-labelledby``, ``aria-controls``
  and ``<label for>`` exists, and no ``for`` is empty;
- each page has exactly one ``<h1>``;
- no table header is empty (a header without words is read as nothing);
- ``tel:`` links hold digits only, after an optional « + ».

Forms are also rendered with their errors, where errors and help texts must
be tied to their field.
"""

import re

import html5lib
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from .pages import demo_objects, main_pages

pytestmark = pytest.mark.django_db

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls")
TEL = re.compile(r"^tel:\+?\d+$")


def text_of(element):
    return "".join(element.itertext()).strip()


def problems_in(html):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root = parser.parse(html)
    problems = []
    lines = html.splitlines()
    for (line, col), code, data in parser.errors:
        near = lines[line - 1].strip()[:120] if 0 < line <= len(lines) else ""
        problems.append(f"parse error line {line}: {code} {data or ''} near «{near}»")
    elements = list(root.iter())
    ids = [element.get("id") for element in elements if element.get("id") is not None]
    seen = set()
    for id_ in ids:
        if not id_.strip():
            problems.append("empty id")
        elif id_ in seen:
            problems.append(f"duplicate id «{id_}»")
        seen.add(id_)
    for element in elements:
        for attribute in REFERENCES:
            for target in (element.get(attribute) or "").split():
                if target not in seen:
                    problems.append(f"<{element.tag}> {attribute} names no element: «{target}»")
        if element.tag == "label" and element.get("for") is not None:
            target = element.get("for")
            if not target.strip():
                problems.append(f'<label for=""> «{text_of(element)[:40]}»')
            elif target not in seen:
                problems.append(f'<label for="{target}"> names no element')
        if element.tag == "th" and not text_of(element) and not element.get("aria-label"):
            problems.append("empty table header")
        href = element.get("href") or ""
        if element.tag == "a" and href.startswith("tel:") and not TEL.match(href):
            problems.append(f"tel: link with more than digits: «{href}»")
    headings = [text_of(element) for element in elements if element.tag == "h1"]
    if len(headings) != 1:
        problems.append(f"{len(headings)} <h1> on the page: {headings}")
    return problems


def check(client, label, path, problems, method="get", data=None):
    response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 403), (label, path, response.status_code)
    for problem in problems_in(response.content.decode()):
        problems.append(f"{label} {method.upper()} {path}: {problem}")


def form_pages(objects):
    """(name, path) of forms that are also posted empty, to render them with their errors."""
    return [
        ("company form", reverse("prospects:company_create")),
        ("contact form", reverse("prospects:contact_create", args=[objects["company"].pk])),
        ("project form", reverse("prospects:project_update", args=[objects["project"].pk])),
        ("follow-up form", reverse("prospects:followup_create", args=[objects["company"].pk])),
        ("exchange form", reverse("prospects:interaction_create", args=[objects["company"].pk])),
        ("appearance form", reverse("events:appearance_create")),
        ("lead capture", reverse("events:lead_capture", args=[objects["appearance"].pk])),
        ("site form", reverse("sites:site_create")),
        ("zone form", reverse("sites:zone_create")),
    ]


def test_main_pages_are_valid_html_with_references_that_resolve():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    objects = demo_objects()
    problems = []
    check(Client(), "signed out", reverse("accounts:login"), problems)
    check(Client(), "signed out", reverse("accounts:login"), problems, "post", {"username": "x", "password": "y"})
    for username in ("mission", "direction", "observateur"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for name, path in main_pages(objects) + form_pages(objects):
            check(client, f"{username} {name}", path, problems)
        for name, path in form_pages(objects):
            check(client, f"{username} {name}", path, problems, "post")
        check(
            client, f"{username} history", reverse("prospects:company_history", args=[objects["company"].pk]), problems
        )
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_rules_catch_what_they_are_for():
    page = """<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body>
    <h1>A</h1><h1>B</h1><p id="x"></p><p id="x"></p><label for="">Du</label>
    <input aria-describedby="id_q_helptext"><table><tr><th></th></tr></table>
    <a href="tel:06 12 34 56 78">06</a></body></html>"""
    found = "\n".join(problems_in(page))
    for expected in ("2 <h1>", "duplicate id «x»", '<label for="">', "id_q_helptext", "empty table header", "tel:"):
        assert expected in found, (expected, found)
    assert "parse error" in "\n".join(problems_in("<!DOCTYPE html><html><body><p></div></body></html>"))
