from django.urls import path

from . import views

app_name = "finder"

urlpatterns = [
    path("", views.search_results, name="search"),
    path("suggestions/", views.search_suggestions, name="suggestions"),
]
