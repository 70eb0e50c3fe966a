"""Form pieces every app uses: choosing a record or a person, and showing a service's refusal."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections

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
    """A user chosen from a list that shows names, not usernames."""

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
