from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: helpers every app may use; it imports no app of ours."""

    name = "core"
    verbose_name = "lozdev"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="core.stamp_session")
