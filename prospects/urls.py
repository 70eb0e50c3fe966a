from django.urls import path

from . import views

app_name = "prospects"

urlpatterns = [
    path("entreprises/", views.company_list, name="company_list"),
    path("entreprises/export/", views.company_export, name="company_export"),
    path("entreprises/recherche.json", views.company_search_json, name="company_search_json"),
    path("entreprises/nouvelle/", views.company_create, name="company_create"),
    path("entreprises/<int:pk>/", views.company_detail, name="company_detail"),
    path("entreprises/<int:pk>/historique/", views.company_history, name="company_history"),
    path("entreprises/<int:pk>/modifier/", views.company_update, name="company_update"),
    path("entreprises/<int:pk>/echanges/nouveau/", views.interaction_create, name="interaction_create"),
    path("entreprises/<int:pk>/relances/nouvelle/", views.followup_create, name="followup_create"),
    path("entreprises/<int:pk>/projets/nouveau/", views.project_create, name="project_create"),
    path("projets/", views.project_pipeline, name="project_pipeline"),
    path("projets/tableau/", views.project_list, name="project_list"),
    path("projets/<int:pk>/", views.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", views.project_update, name="project_update"),
    path("projets/<int:pk>/etape/", views.project_move_stage, name="project_move_stage"),
    path("relances/", views.followup_list, name="followup_list"),
    path("relances/reattribuer/", views.followup_bulk_reassign, name="followup_bulk_reassign"),
    path("relances/<int:pk>/faite/", views.followup_complete, name="followup_complete"),
    path("relances/<int:pk>/reporter/", views.followup_snooze, name="followup_snooze"),
    path("relances/<int:pk>/reattribuer/", views.followup_reassign, name="followup_reassign"),
    path("relances/<int:pk>/reattribuer/choisir/", views.followup_reassign_form, name="followup_reassign_form"),
]
