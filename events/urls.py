from django.urls import path

from . import stand_views, views

app_name = "events"

urlpatterns = [
    path("", views.appearance_list, name="appearance_list"),
    path("nouveau/", views.appearance_create, name="appearance_create"),
    path("<int:pk>/", views.appearance_detail, name="appearance_detail"),
    path("<int:pk>/modifier/", views.appearance_update, name="appearance_update"),
    path("<int:pk>/contact/", views.lead_capture, name="lead_capture"),
    path("<int:pk>/saisie/sync/", stand_views.lead_sync, name="lead_sync"),
    path("<int:pk>/a-verifier/", stand_views.pending_lead_list, name="pending_leads"),
    path("a-verifier/<int:pk>/", stand_views.pending_lead_resolve, name="pending_lead_resolve"),
    path("saisie/hors-ligne.json", stand_views.offline_snapshot, name="offline_snapshot"),
    path("saisie/carte/", stand_views.card_read, name="card_read"),
    path("<int:pk>/cibles/", views.target_list, name="target_list"),
    path("<int:pk>/cibles/<int:company_pk>/rendez-vous/", views.meeting_plan, name="meeting_plan"),
]
