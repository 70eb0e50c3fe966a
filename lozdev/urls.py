from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views
from events import stand_views

admin.site.site_header = _("lozdev – administration")
admin.site.site_title = _("lozdev")
admin.site.index_title = _("Saisie et corrections")

handler500 = views.server_error
handler404 = "api.views.page_not_found"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", stand_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", stand_views.web_manifest, name="web_manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("compte/", include("accounts.urls")),
    path("", include("results.urls")),
    path("", include("prospects.urls")),
    path("salons/", include("events.urls")),
    path("offre/", include("sites.urls")),
    path("import/", include("imports.urls")),
    path("exports/", include("core.urls")),
    path("rgpd/", include("prospects.gdpr_urls")),
    path("recherche/", include("finder.urls")),
    path("annuaire/", include("directory.urls")),
    path("", include("reminders.urls")),
    path("api/", include("api.urls")),
]
