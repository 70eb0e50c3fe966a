from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: helpers every app may use; it imports no app of ours."""

    name = "core"
    verbose_name = "lozdev"
