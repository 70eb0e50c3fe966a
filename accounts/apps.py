from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the deploy check)
        from .roles import sync_role_permissions
        from .two_factor import note_device_at_login

        user_logged_in.connect(note_device_at_login, dispatch_uid="accounts.note_device_at_login")

        # Permissions exist only once every app has migrated, so the groups'
        # permissions are synced after each migrate rather than in a migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
