"""Form pieces every app uses: choosing a record or a person, showing a service's refusal, numbers as people type them."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from .people import person_name


def is_possible_key(model, value, to_field_name=None, using="default"):
    """Whether ``value`` could be a key of ``model`` at all: a number the database can compare.

    A typed or forged id like "<script>" or 99999999999999999999 is no
    record's: looking it up would fail inside the database driver (SQLite
    cannot bind an integer that large) instead of answering "no such record".
    """
    field = model._meta.get_field(to_field_name) if to_field_name else model._meta.pk
    try:
        key = field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(key, str) and "\x00" in key:
        # PostgreSQL refuses a NUL in a text value: no code or slug holds one.
        return False
    if isinstance(key, int):
        low, high = connections[using].ops.integer_field_range(field.get_internal_type())
        return (low is None or key >= low) and (high is None or key <= high)
    return True


class RecordChoiceField(forms.ModelChoiceField):
    """A record chosen by id; an id no record could have is refused as an unknown choice."""

    def to_python(self, value):
        if value not in self.empty_values and not is_possible_key(
            self.queryset.model, value, self.to_field_name, self.queryset.db
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Records chosen by id; ids no record could have are refused as unknown choices."""

    def _check_values(self, value):
        for key in value if isinstance(value, list | tuple | set | frozenset) else [value]:
            if not is_possible_key(self.queryset.model, key, self.to_field_name, self.queryset.db):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super()._check_values(value)


class PersonChoiceField(RecordChoiceField):
    """A user chosen from a list that shows names, not usernames.

    Someone no longer offered (an account closed since the page was drawn)
    is refused by name of the cause rather than as an unknown choice.
    """

    default_error_messages = {"invalid_choice": _("Choisissez une personne de la liste.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            model = self.queryset.model
            if (
                value not in self.empty_values
                and hasattr(model, "is_active")
                and is_possible_key(model, value, self.to_field_name, self.queryset.db)
                and model._default_manager.filter(pk=value, is_active=False).exists()
            ):
                raise ValidationError(
                    _("Cette personne n'a plus de compte actif : choisissez quelqu'un d'autre."), code="inactive"
                ) from None
            raise

    def label_from_instance(self, obj):
        return person_name(obj)


class PeopleChoiceField(RecordsChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


def apply_service_errors(form, error):
    """Put a service's ValidationError next to the fields it names, the rest above the form.

    A field the form does not show (a model field set by the service) is
    reported above the form, so no message is lost.
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# Numbers as people type them ---------------------------------------------------------

# Spaces people put between thousands: plain, no-break (U+00A0), narrow no-break
# (U+202F, what French number formatting and spreadsheets copy) and thin (U+2009).
THOUSANDS_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Past this, a figure typed for money or an area is a slip of the keyboard
# (and PostgreSQL's integer column would refuse it).
INTEGER_MAX = 2_147_483_647


def loose_number_text(value):
    """« 2 500 000,50 » → ``"2500000.50"``; None when the text is not a plain number.

    One comma or one dot marks the decimals; a group of thousands is set off
    by spaces only, so « 2.500 » and « 2,500 » both read as two and a half.
    """
    text = THOUSANDS_SPACES.sub("", str(value).strip())
    if text.count(",") + text.count(".") > 1:
        return None
    text = text.replace(",", ".")
    return text if PLAIN_NUMBER.fullmatch(text) else None


def _number_input(inputmode):
    # A text box, not type="number": the browser would refuse spaces and commas before we see them.
    return forms.TextInput(attrs={"inputmode": inputmode, "autocomplete": "off"})


class LooseIntegerField(forms.IntegerField):
    """A whole number typed « 2 500 000 » (spaces, no-break spaces) or « 12 »."""

    default_error_messages = {
        "invalid": _("Saisissez un nombre entier, par exemple « 2 500 000 »."),
        "max_value": _("Ce nombre est trop grand (au plus %(limit_value)s)."),
        "min_value": _("Ce nombre doit être supérieur ou égal à %(limit_value)s."),
    }

    def __init__(self, *, max_value=INTEGER_MAX, **kwargs):
        kwargs.setdefault("widget", _number_input("numeric"))
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            text = loose_number_text(value)
            if text is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            # « 12,0 » is twelve; « 1,5 » is not a whole number.
            whole, _dot, decimals = text.partition(".")
            if decimals.strip("0"):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = whole
        return super().to_python(value)


class LooseDecimalField(forms.DecimalField):
    """An amount or an area typed « 2 500 000 », « 2 500 000,50 » or « 1,5 »."""

    default_error_messages = {
        "invalid": _("Saisissez un nombre, par exemple « 2 500 000 » ou « 1,5 »."),
        "max_value": _("Ce nombre est trop grand (au plus %(limit_value)s)."),
        "min_value": _("Ce nombre doit être supérieur ou égal à %(limit_value)s."),
        "max_digits": _("Ce nombre est trop grand : au plus %(max)s chiffres."),
        "max_whole_digits": _("Ce nombre est trop grand : au plus %(max)s chiffres avant la virgule."),
        "max_decimal_places": _("Au plus %(max)s chiffres après la virgule."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _number_input("decimal"))
        super().__init__(**kwargs)
        if self.decimal_places == 0:
            self.error_messages["max_decimal_places"] = _(
                "Saisissez un nombre sans décimales, par exemple « 2 500 000 »."
            )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            text = loose_number_text(value)
            if text is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = text
        return super().to_python(value)


def loose_number_formfield(db_field, **kwargs):
    """A ModelForm ``formfield_callback``: the number fields people type take spaces and commas."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", LooseDecimalField)
    elif isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
        kwargs.setdefault("form_class", LooseIntegerField)
    return db_field.formfield(**kwargs)
