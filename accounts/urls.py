from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("profil/calendrier/", views.profile_calendar, name="profile_calendar"),
    path("profil/double-authentification/", views.profile_two_factor, name="profile_two_factor"),
    path("double-authentification/activer/", views.two_factor_setup, name="two_factor_setup"),
    path("double-authentification/code/", views.two_factor_verify, name="two_factor_verify"),
    path("double-authentification/codes-de-secours/", views.two_factor_codes, name="two_factor_codes"),
    path("profil/jetons/", views.profile_api_token_create, name="profile_api_token_create"),
    path("profil/jetons/<int:pk>/revoquer/", views.profile_api_token_revoke, name="profile_api_token_revoke"),
]
