from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from accounts.roles import any_role_required

from . import capture, views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("entreprises", views.CompanyViewSet, basename="company")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("echanges", views.InteractionViewSet, basename="interaction")
router.register("relances", views.FollowUpViewSet, basename="followup")
router.register("projets", views.ProjectViewSet, basename="project")
router.register("salons", views.TradeShowViewSet, basename="tradeshow")
router.register("participations", views.AppearanceViewSet, basename="appearance")
router.register("sites", views.SiteViewSet, basename="site")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("offre-publique", views.PublicOfferViewSet, basename="public_offer")

# Swagger UI from drf-spectacular-sidecar's static files, its start-up script
# served as a file of its own (the "split" view): no inline script, so the
# site's script-src 'self' holds. Swagger UI styles its widgets with style
# attributes, which only this page's policy allows.
docs = any_role_required(
    csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/saisie-salon/", capture.LeadCaptureView.as_view(), name="lead_capture"),
    path("v1/chiffres/", views.FiguresView.as_view(), name="figures"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
]
