from django.urls import path

from . import results_views

urlpatterns = [
    path("", results_views.dashboard, name="dashboard"),
]
