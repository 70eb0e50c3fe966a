"""The main pages of ours, on the demo data, for the accessibility and validity tests."""

from django.urls import reverse

from events.models import Appearance
from prospects.models import Project
from sites.models import Programme, Site, Zone


def demo_objects():
    """One of each record the detail pages show, taken from the demo data."""
    appearance = Appearance.objects.filter(trade_show__name__startswith="Carrefour").order_by("starts_on").first()
    project = Project.objects.filter(company__isnull=False).order_by("pk").first()
    return {
        "appearance": appearance,
        "company": project.company,
        "project": project,
        "site": Site.objects.order_by("pk").first(),
        "zone": Zone.objects.order_by("pk").first(),
        "programme": Programme.objects.order_by("pk").first(),
    }


def main_pages(objects):
    """(name, path) of every main page; a role that may not see one gets our 403 page, which is checked too."""
    company, project = objects["company"], objects["project"]
    appearance = objects["appearance"]
    return [
        ("dashboard", reverse("dashboard")),
        ("companies", reverse("prospects:company_list")),
        ("company", reverse("prospects:company_detail", args=[company.pk])),
        ("company history", reverse("prospects:company_history", args=[company.pk])),
        ("company form", reverse("prospects:company_create")),
        ("contact form", reverse("prospects:contact_create", args=[company.pk])),
        ("follow-ups", reverse("prospects:followup_list")),
        ("projects", reverse("prospects:project_list")),
        ("project", reverse("prospects:project_detail", args=[project.pk])),
        ("pipeline", reverse("prospects:project_pipeline")),
        ("appearances", reverse("events:appearance_list")),
        ("appearance", reverse("events:appearance_detail", args=[appearance.pk])),
        ("lead capture", reverse("events:lead_capture", args=[appearance.pk])),
        ("targets", reverse("events:target_list", args=[appearance.pk])),
        ("sites", reverse("sites:site_list")),
        ("site", reverse("sites:site_detail", args=[objects["site"].pk])),
        ("zones", reverse("sites:zone_list")),
        ("zone", reverse("sites:zone_detail", args=[objects["zone"].pk])),
        ("programmes", reverse("sites:programme_list")),
        ("programme", reverse("sites:programme_detail", args=[objects["programme"].pk])),
        ("import", reverse("imports:import_start")),
        ("annual report", reverse("annual_report") + "?year=2012"),
        ("profile", reverse("accounts:profile")),
        ("search", reverse("finder:search") + "?q=mar"),
    ]
