"""The quick <select> renderer writes exactly what Django's templates write."""

from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.renderers import WRITTEN_HERE, QuickSelectRenderer
from prospects.models import Sector

GROUPED = [
    ("", "—"),
    ("Bois", [("16.10A", "Sciage & rabotage"), ("16.23Z", "Charpentes <menuiseries>")]),
    ("Métal", [("24.10Z", "Sidérurgie")]),
]


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "Un"), ("b", 'Deux "guillemets"'), (3, 3)])
    years = forms.ChoiceField(choices=[(2026, 2026), (12345, 12345)], required=False)
    lazy = forms.ChoiceField(choices=[("x", gettext_lazy("Tous les secteurs"))])
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    several = forms.MultipleChoiceField(choices=[("1", "Un"), ("2", "Deux"), ("3", "Trois")])
    maybe = forms.NullBooleanField()
    sector = forms.ModelChoiceField(queryset=Sector.objects.order_by("position"), empty_label="Tous")
    name = forms.CharField(max_length=200, initial='Scierie "Chabert" & fils')
    count = forms.IntegerField(min_value=0, max_value=10_000_000, initial=1234567)
    price = forms.DecimalField(max_digits=12, decimal_places=2, initial="1500.50", localize=True)
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s3cret")
    token = forms.CharField(widget=forms.HiddenInput(), initial="<abc>")
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial="2026-02-29")
    when = forms.DateTimeField(required=False, localize=True)
    at = forms.TimeField(required=False, widget=forms.TimeInput(format="%H:%M"))
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "required": False}))
    styled = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"class": "autosubmit", "data-x": "1 & 2", "disabled": True})
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "name": "x\x00y",
            "count": "99999999999",
            "due_on": "31/02/2026",
            "when": "01/01/9999 10:00",
            "price": "1 500,5",
            "plain": "b",
            "years": "12345",
            "grouped": "16.23Z",
            "several": ["1", "3"],
            "maybe": "true",
            "sector": "1",
        },
        {"plain": "nope", "grouped": "<script>", "several": ["9"]},
    ],
)
def test_every_select_is_written_as_django_writes_it(language, data):
    with translation.override(language):
        quick = Everything(data or None, renderer=QuickSelectRenderer())
        django = Everything(data or None, renderer=DjangoTemplates())
        for name in quick.fields:
            assert str(quick[name]) == str(django[name]), name
        assert "<option" in str(quick["sector"]) and "<input" in str(quick["name"])


def test_the_project_uses_it():
    assert settings.FORM_RENDERER == "core.renderers.QuickSelectRenderer"
    assert isinstance(get_default_renderer(), QuickSelectRenderer)


def test_no_template_of_ours_overrides_the_two_it_writes():
    root = Path(settings.BASE_DIR)
    overrides = [
        path for template in WRITTEN_HERE for path in root.glob(f"*/templates/{template}") if ".venv" not in path.parts
    ]
    overrides += [
        root / "templates" / template for template in WRITTEN_HERE if (root / "templates" / template).exists()
    ]
    assert overrides == []
