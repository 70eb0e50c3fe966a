from django.urls import path

from . import gdpr_views

app_name = "gdpr"

urlpatterns = [
    path("", gdpr_views.register, name="register"),
    path("conservation/", gdpr_views.retention_review, name="retention_review"),
    path("contacts/<int:pk>/opposition/", gdpr_views.contact_object, name="contact_object"),
    path("contacts/<int:pk>/effacement/", gdpr_views.contact_erase, name="contact_erase"),
    path("contacts/<int:pk>/export.json", gdpr_views.contact_export, name="contact_export"),
]
