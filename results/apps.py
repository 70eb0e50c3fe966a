from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """The dashboard and the annual report to funders, with their exports."""

    name = "results"
    verbose_name = "Résultats"
