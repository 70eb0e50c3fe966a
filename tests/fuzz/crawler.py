"""A form crawler for the fuzz test: find the forms a page shows, fill them with hostile values.

Pages are parsed with the standard library's HTML parser, the way a browser
reads them: a form's fields are its inputs, text areas and selects (and those
elsewhere on the page that name it in ``form="…"``); what it sends by default
is what a browser would send when nobody touches it. Each field then gets the
values a user could type or tamper with, chosen by the field's type.
"""

import dataclasses
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

# Values a person can type, paste or forge, by the kind of field they go in.
TEXT = [
    "\x00",
    "a\r\nb",
    "x" * 10_000,
    "😀",
    "\u202eélanif",
    "=CMD()",
    "<script>alert(1)</script>",
    " ",
    "-1",
    "99999999999999999999",
    "1e308",
    "9999-12-31",
]
DATES = ["9999-12-31", "0001-01-01", "2027-02-29", "2028-02-29", "31/12/9999", "29/02/2027", "\x00", "x" * 10_000]
DATETIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "2027-02-29T10:00", "2028-02-29T10:00", "\x00"]
TIMES = ["25:61", "23:59:60", "\x00"]
NUMBERS = ["-1", "1e308", "99999999999999999999", "2 500 000", "NaN", "-inf", "1,5", "0x10", "\x00", "😀"]
CHOICES = ["987654321", "-1", "99999999999999999999", "\x00", "<script>", ""]
CHECKBOXES = ["\x00", "x" * 10_000, "2"]
FILES = ["empty", "garbage", "huge-name"]

SKIPPED_TYPES = {"submit", "button", "reset", "image"}


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # an input type, or "textarea", "select", "select-multiple"
    value: str = ""
    checked: bool = False
    options: list = dataclasses.field(default_factory=list)  # (value, selected) for selects


@dataclasses.dataclass
class Form:
    page: str
    action: str
    method: str
    multipart: bool
    fields: list
    dom_id: str = ""

    def field_names(self):
        return tuple(sorted({field.name for field in self.fields}))

    def defaults(self):
        """What a browser sends when nobody changes anything: a {name: [values]} dict."""
        data = {}
        for field in self.fields:
            if field.kind in ("checkbox", "radio"):
                if field.checked:
                    data.setdefault(field.name, []).append(field.value or "on")
            elif field.kind == "select":
                chosen = [value for value, selected in field.options if selected]
                if chosen or field.options:
                    data.setdefault(field.name, []).append((chosen or [field.options[0][0]])[0])
            elif field.kind == "select-multiple":
                data.setdefault(field.name, []).extend(value for value, selected in field.options if selected)
            elif field.kind == "file":
                continue
            else:
                data.setdefault(field.name, []).append(field.value)
        return data

    def fuzzable(self):
        """The fields worth a hostile value: all but the CSRF token, one per name."""
        seen = {}
        for field in self.fields:
            # The rows of a formset are alike: its first row stands for the others.
            key = re.sub(r"-\d+-", "-N-", field.name)
            if field.name != "csrfmiddlewaretoken" and key not in seen:
                seen[key] = field
        return list(seen.values())


class _FormParser(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms = []
        self.current = None
        self.by_id = {}
        self.orphans = []  # (form id, field): fields that name their form
        self.select = None
        self.option = None
        self.textarea = None
        self.submitter = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.current = Form(
                page=self.page,
                action=urljoin(self.page, attributes.get("action") or self.page),
                method=attributes.get("method", "get").lower(),
                multipart="multipart" in attributes.get("enctype", ""),
                fields=[],
                dom_id=attributes.get("id", ""),
            )
            self.forms.append(self.current)
            if self.current.dom_id:
                self.by_id[self.current.dom_id] = self.current
            return
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            name = attributes.get("name")
            if not name or kind in SKIPPED_TYPES or "disabled" in attributes:
                return
            self._add(
                Field(name=name, kind=kind, value=attributes.get("value", ""), checked="checked" in attributes),
                attributes,
            )
        elif tag == "textarea" and attributes.get("name") and "disabled" not in attributes:
            self.textarea = Field(name=attributes["name"], kind="textarea")
            self._add(self.textarea, attributes)
        elif tag == "select" and attributes.get("name") and "disabled" not in attributes:
            kind = "select-multiple" if "multiple" in attributes else "select"
            self.select = Field(name=attributes["name"], kind=kind)
            self._add(self.select, attributes)
        elif tag == "option" and self.select is not None:
            self.option = [attributes.get("value"), "selected" in attributes, ""]
            self.select.options.append(self.option)
        elif tag == "button" and attributes.get("name") and attributes.get("type", "submit") == "submit":
            # The first named submit button is the one "pressed".
            if self.current is not None and not any(f.kind == "button" for f in self.current.fields):
                self.current.fields.append(
                    Field(name=attributes["name"], kind="button", value=attributes.get("value", ""))
                )

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            self.select.options = [
                (text.strip() if value is None else value, selected) for value, selected, text in self.select.options
            ]
            self.select = None

    def _add(self, field, attributes):
        if attributes.get("form"):
            self.orphans.append((attributes["form"], field))
        elif self.current is not None:
            self.current.fields.append(field)

    def close(self):
        super().close()
        for form_id, field in self.orphans:
            if form_id in self.by_id:
                self.by_id[form_id].fields.append(field)


def forms_in(page_url, html):
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        parts = urlsplit(form.action)
        form.action = parts.path + (f"?{parts.query}" if parts.query else "")
    return parser.forms


def hostile_values(field, foreign_ids):
    """The values to try in ``field``; ``foreign_ids`` are ids of records the form should not accept."""
    kind = field.kind
    if kind == "date":
        return DATES
    if kind == "datetime-local":
        return DATETIMES
    if kind == "time":
        return TIMES
    if kind in ("number", "range"):
        return NUMBERS
    if kind in ("select", "select-multiple", "radio"):
        return CHOICES + [str(pk) for pk in foreign_ids]
    if kind == "checkbox":
        return CHECKBOXES + [str(pk) for pk in foreign_ids]
    if kind == "file":
        return FILES
    if kind == "hidden":
        return TEXT + [str(pk) for pk in foreign_ids]
    return TEXT


def upload(value):
    if value == "empty":
        return SimpleUploadedFile("vide.pdf", b"", content_type="application/pdf")
    if value == "huge-name":
        return SimpleUploadedFile("é" * 300 + ".jpg", b"\xff\xd8\xff\xe0garbage", content_type="image/jpeg")
    return SimpleUploadedFile("photo.jpg", bytes(range(256)) * 8, content_type="image/jpeg")


def submission(form, hostile=None):
    """The form's defaults, with the values of ``hostile`` ({field name: value}) put in."""
    data = form.defaults()
    kinds = {field.name: field.kind for field in form.fields}
    for name, value in (hostile or {}).items():
        data[name] = upload(value) if kinds[name] == "file" else [value]
    return {
        key: (values[0] if isinstance(values, list) and len(values) == 1 else values) for key, values in data.items()
    }


def row_counts():
    """Every model's row count, in one query."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def refused(response):
    """True when the answer says no: an error status, or a page re-rendered with form errors."""
    if response.status_code >= 400:
        return True
    if response.status_code != 200 or response.context is None:
        return False
    for context in response.context:
        for key, value in _items(context):
            if key == "errors" and isinstance(value, list) and value:
                return True  # the admin's list of everything wrong with a change form
            for candidate in (value, getattr(value, "form", None), getattr(value, "formset", None)):
                if getattr(candidate, "is_bound", False) and _has_errors(candidate):
                    return True
    return False


def _has_errors(form_or_formset):
    if hasattr(form_or_formset, "total_error_count"):
        return form_or_formset.total_error_count() > 0
    return bool(form_or_formset.errors)


def _items(context):
    for layer in getattr(context, "dicts", [context]):
        if isinstance(layer, dict):
            yield from layer.items()
