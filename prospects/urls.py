from django.urls import path

from .views import companies, contacts, followups, interactions, projects

app_name = "prospects"

urlpatterns = [
    path("entreprises/", companies.company_list, name="company_list"),
    path("entreprises/export/", companies.company_export, name="company_export"),
    path("entreprises/recherche.json", companies.company_search_json, name="company_search_json"),
    path("entreprises/nouvelle/", companies.company_create, name="company_create"),
    path("entreprises/<int:pk>/", companies.company_detail, name="company_detail"),
    path("entreprises/<int:pk>/personnes.json", companies.company_people_json, name="company_people_json"),
    path("entreprises/<int:pk>/historique/", companies.company_history, name="company_history"),
    path("entreprises/<int:pk>/modifier/", companies.company_update, name="company_update"),
    path("entreprises/<int:pk>/echanges/nouveau/", interactions.interaction_create, name="interaction_create"),
    path("entreprises/<int:pk>/contacts/nouveau/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/modifier/", contacts.contact_update, name="contact_update"),
    path("contacts/<int:pk>/depart/", contacts.contact_left, name="contact_left"),
    path("echanges/<int:pk>/modifier/", interactions.interaction_update, name="interaction_update"),
    path("echanges/<int:pk>/supprimer/", interactions.interaction_delete, name="interaction_delete"),
    path("entreprises/<int:pk>/relances/nouvelle/", followups.followup_create, name="followup_create"),
    path("entreprises/<int:pk>/projets/nouveau/", projects.project_create, name="project_create"),
    path("projets/", projects.project_pipeline, name="project_pipeline"),
    path("projets/tableau/", projects.project_list, name="project_list"),
    path("projets/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", projects.project_update, name="project_update"),
    path("projets/<int:pk>/etape/", projects.project_move_stage, name="project_move_stage"),
    path("projets/<int:pk>/equipe-et-besoins/", projects.project_needs_update, name="project_needs_update"),
    path("relances/", followups.followup_list, name="followup_list"),
    path("relances/reattribuer/", followups.followup_bulk_reassign, name="followup_bulk_reassign"),
    path("relances/<int:pk>/modifier/", followups.followup_update, name="followup_update"),
    path("relances/<int:pk>/faite/", followups.followup_complete, name="followup_complete"),
    path("relances/<int:pk>/reporter/", followups.followup_snooze, name="followup_snooze"),
    path("relances/<int:pk>/reattribuer/", followups.followup_reassign, name="followup_reassign"),
    path("relances/<int:pk>/reattribuer/choisir/", followups.followup_reassign_form, name="followup_reassign_form"),
    path("relances/actions/<int:pk>/annuler/", followups.followup_undo, name="followup_undo"),
]
