from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("calendrier/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
