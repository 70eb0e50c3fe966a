"""Form pieces every app uses: choosing a person, and showing a service's refusal."""

from django import forms

from .people import person_name


class PersonChoiceField(forms.ModelChoiceField):
    """A user chosen from a list that shows names, not usernames."""

    def label_from_instance(self, obj):
        return person_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
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
