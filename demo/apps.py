from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo agency (``seed_demo``) and the volume data for benchmarks (``seed_volume``)."""

    name = "demo"
    verbose_name = "Démo"
