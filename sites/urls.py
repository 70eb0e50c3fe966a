from django.urls import path

from . import media_views, views

app_name = "sites"

urlpatterns = [
    path("", views.site_list, name="site_list"),
    path("sites/nouveau/", views.site_create, name="site_create"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/modifier/", views.site_update, name="site_update"),
    path("sites/<int:pk>/fiche/", views.site_sheet, name="site_sheet"),
    path("sites/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/retirer/", views.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/image/", media_views.photo_file, name="photo_file"),
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/nouvelle/", views.zone_create, name="zone_create"),
    path("zones/<int:pk>/", views.zone_detail, name="zone_detail"),
    path("zones/<int:pk>/modifier/", views.zone_update, name="zone_update"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("projets/<int:project_pk>/correspondances/", views.project_matches, name="project_matches"),
    path("propositions/", views.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/etat/", views.proposal_update, name="proposal_update"),
]
