"""Load the NAF rév. 2 sub-classes and the programme's sectors.

The NAF table is read from the copy of INSEE's file in prospects/data, so a
later nomenclature (NAF 2025) arrives as data, not code.
"""

import csv
import re
from pathlib import Path

from django.db import migrations

NAF_FILE = Path(__file__).resolve().parent.parent / "data" / "naf_rev2.csv"
SUBCLASS = re.compile(r"^\d{2}\.\d{2}[A-Z]$")

SECTORS = [
    # name, slug, NAF prefixes, priority
    ("Bois & éco-construction", "bois", "02.20, 16, 43.32, 43.91", True),
    ("Agroalimentaire", "agroalimentaire", "10, 11", True),
    ("Métallurgie", "metallurgie", "24, 25", False),
    ("Numérique", "numerique", "58.2, 62, 63.1", False),
    ("E-commerce", "e-commerce", "47.91", False),
    ("Aéronautique", "aeronautique", "30.30, 33.16", False),
    ("Matériaux", "materiaux", "08, 22, 23", False),
    ("Autre", "autre", "", False),
]


def load(apps, schema_editor):
    NafCode = apps.get_model("prospects", "NafCode")
    Sector = apps.get_model("prospects", "Sector")
    codes = []
    with NAF_FILE.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if len(row) < 4:
                continue
            code = row[1].strip()
            if SUBCLASS.match(code):
                codes.append(
                    NafCode(code=code, label=row[2].strip(), short_label=row[3].strip()[:70], nomenclature="NAFRev2")
                )
    NafCode.objects.bulk_create(codes, ignore_conflicts=True)
    for position, (name, slug, prefixes, priority) in enumerate(SECTORS):
        Sector.objects.get_or_create(
            slug=slug, defaults={"name": name, "naf_prefixes": prefixes, "is_priority": priority, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("prospects", "NafCode").objects.filter(nomenclature="NAFRev2").delete()


class Migration(migrations.Migration):
    dependencies = [("prospects", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
