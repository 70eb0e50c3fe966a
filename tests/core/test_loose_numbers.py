"""Numbers typed as people write them: thousands set off by spaces, a decimal comma."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.forms import LooseDecimalField, LooseIntegerField, loose_number_text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2 500 000", "2500000"),
        ("2\u00a0500\u00a0000", "2500000"),
        ("2\u202f500\u202f000,50", "2500000.50"),
        (" 1,5 ", "1.5"),
        ("1.5", "1.5"),
        ("-12", "-12"),
        ("2,500,000", None),
        ("2.500,50", None),
        ("1e6", None),
        ("douze", None),
        ("12 €", None),
        ("", None),
    ],
)
def test_loose_number_text_reads_what_people_type(typed, read):
    assert loose_number_text(typed) == read


def test_a_decimal_is_read_with_spaces_and_a_comma():
    field = LooseDecimalField(max_digits=14, decimal_places=2, required=False)
    assert field.clean("2 500 000") == Decimal("2500000")
    assert field.clean("2\u00a0500\u00a0000,50") == Decimal("2500000.50")
    assert field.clean("1,5") == Decimal("1.5")
    assert field.clean("") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("deux millions", "Saisissez un nombre, par exemple « 2 500 000 » ou « 1,5 »."),
        ("NaN", "Saisissez un nombre, par exemple « 2 500 000 » ou « 1,5 »."),
        ("1e400", "Saisissez un nombre, par exemple « 2 500 000 » ou « 1,5 »."),
        ("123 456 789 012 345 678", "Ce nombre est trop grand : au plus 14 chiffres."),
        ("1,555", "Au plus 2 chiffres après la virgule."),
    ],
)
def test_a_decimal_that_is_not_a_number_is_refused_in_french(typed, message):
    field = LooseDecimalField(max_digits=14, decimal_places=2)
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [message]


def test_a_whole_amount_with_cents_is_refused_with_its_own_message():
    field = LooseDecimalField(max_digits=14, decimal_places=0)
    assert field.clean("2 500 000") == Decimal("2500000")
    with pytest.raises(ValidationError) as refused:
        field.clean("2 500 000,50")
    assert refused.value.messages == ["Saisissez un nombre sans décimales, par exemple « 2 500 000 »."]


def test_an_integer_is_read_with_spaces():
    field = LooseIntegerField(min_value=0, required=False)
    assert field.clean("2 500 000") == 2_500_000
    assert field.clean("1\u202f200") == 1200
    assert field.clean("12,0") == 12
    assert field.clean("") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5", "Saisissez un nombre entier, par exemple « 2 500 000 »."),
        ("quinze", "Saisissez un nombre entier, par exemple « 2 500 000 »."),
        ("99 999 999 999", "Ce nombre est trop grand (au plus 2147483647)."),
        ("-3", "Ce nombre doit être supérieur ou égal à 0."),
    ],
)
def test_an_integer_that_is_not_one_is_refused_in_french(typed, message):
    field = LooseIntegerField(min_value=0)
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [message]


def test_the_boxes_are_text_boxes_the_browser_lets_spaces_into():
    class Form(forms.Form):
        amount = LooseDecimalField(max_digits=14, decimal_places=0)
        jobs = LooseIntegerField(min_value=0)

    html = str(Form())
    assert 'type="number"' not in html
    assert 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in html
