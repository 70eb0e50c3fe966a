from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.appearance_list, name="appearance_list"),
    path("nouveau/", views.appearance_create, name="appearance_create"),
    path("<int:pk>/", views.appearance_detail, name="appearance_detail"),
    path("<int:pk>/modifier/", views.appearance_update, name="appearance_update"),
    path("<int:pk>/contact/", views.lead_capture, name="lead_capture"),
    path("<int:pk>/cibles/", views.target_list, name="target_list"),
    path("<int:pk>/cibles/<int:company_pk>/rendez-vous/", views.meeting_plan, name="meeting_plan"),
]
