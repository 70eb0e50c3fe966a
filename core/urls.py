from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/", export_views.export_detail, name="export_detail"),
    path("<int:pk>/etat/", export_views.export_status, name="export_status"),
    path("<int:pk>/fichier/", export_views.export_file, name="export_file"),
]
