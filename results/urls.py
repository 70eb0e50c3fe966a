from django.urls import path

from . import views as results_views

urlpatterns = [
    path("", results_views.dashboard, name="dashboard"),
    path("objectifs/<int:year>/", results_views.year_target_update, name="year_target_update"),
    path("rapport-annuel/", results_views.annual_report, name="annual_report"),
    path("rapport-annuel/rapport.xlsx", results_views.annual_report_xlsx, name="annual_report_xlsx"),
    path("rapport-annuel/<slug:section>.csv", results_views.annual_report_csv, name="annual_report_csv"),
    path("exports/contacts.<str:fmt>", results_views.contacts_export, name="contacts_export"),
    path("exports/relances.<str:fmt>", results_views.followups_export, name="followups_export"),
]
