from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("modele/", views.template_download, name="template"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/confirmer/", views.batch_confirm, name="batch_confirm"),
    path("<int:pk>/fichier/", views.batch_file, name="batch_file"),
    path("<int:pk>/etat/", views.batch_status, name="batch_status"),
]
