"""English names of the programme's sectors (those 0002 loads), found by their code."""

from django.db import migrations

ENGLISH_NAMES = {
    "bois": "Wood & eco-construction",
    "agroalimentaire": "Food industry",
    "metallurgie": "Metalworking",
    "numerique": "Digital",
    "e-commerce": "E-commerce",
    "aeronautique": "Aeronautics",
    "materiaux": "Materials",
    "autre": "Other",
}


def name_in_english(apps, schema_editor):
    Sector = apps.get_model("prospects", "Sector")
    for slug, name_en in ENGLISH_NAMES.items():
        # A name someone already gave in the admin stays.
        Sector.objects.filter(slug=slug, name_en="").update(name_en=name_en)


def forget(apps, schema_editor):
    apps.get_model("prospects", "Sector").objects.filter(slug__in=ENGLISH_NAMES).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("prospects", "0016_sector_english_name")]
    operations = [migrations.RunPython(name_in_english, forget)]
