from django.urls import path, re_path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.targeting, name="targeting"),
    path("cibler/", views.targeting_follow, name="targeting_follow"),
    path("recherche/", views.lookup_json, name="lookup_json"),
    path("entreprise/<int:pk>/mise-a-jour/", views.company_refresh, name="company_refresh"),
    path("chargements/", views.load_start, name="load_start"),
    path("chargements/<int:pk>/", views.load_detail, name="load_detail"),
    path("chargements/<int:pk>/etat/", views.load_status, name="load_status"),
    path("signaux/", views.signal_list, name="signals"),
    re_path(r"^signaux/(?P<pk>\d+)/(?P<action>ecarter|relance)/$", views.signal_act, name="signal_act"),
    re_path(r"^(?P<siret>\d{14})/$", views.establishment_detail, name="establishment"),
    re_path(r"^(?P<siret>\d{14})/suivre/$", views.establishment_follow, name="establishment_follow"),
]
