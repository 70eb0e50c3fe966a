"""Company.sort_name: the folded name lists sort by, filled for existing companies.

Filled as Company.refresh_search_fields fills it (the historical model has no
methods), in batches by primary key, before its indexes are built.
"""

from django.conf import settings
from django.db import migrations, models

from core.identifiers import sort_key

BATCH = 5000


def fill(apps, schema_editor):
    Company = apps.get_model("prospects", "Company")
    companies = Company.objects.using(schema_editor.connection.alias).order_by("pk")
    last_pk = 0
    while batch := list(companies.filter(pk__gt=last_pk).values_list("pk", "name")[:BATCH]):
        last_pk = batch[-1][0]
        changed = [Company(pk=pk, sort_name=sort_key(name)[:200]) for pk, name in batch]
        companies.bulk_update(changed, ["sort_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("prospects", "0010_contact_search_text_with_phone"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="company",
            options={
                "ordering": ["sort_name", "id"],
                "verbose_name": "entreprise",
                "verbose_name_plural": "entreprises",
            },
        ),
        migrations.RemoveIndex(
            model_name="company",
            name="company_stage_idx",
        ),
        migrations.RemoveIndex(
            model_name="company",
            name="company_sector_idx",
        ),
        migrations.RemoveIndex(
            model_name="company",
            name="company_dept_idx",
        ),
        migrations.RemoveIndex(
            model_name="company",
            name="company_owner_idx",
        ),
        migrations.AddField(
            model_name="company",
            name="sort_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["sort_name", "id"], name="company_sort_name_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["stage", "sort_name"], name="company_stage_sort_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["sector", "sort_name"], name="company_sector_sort_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["department", "sort_name"], name="company_dept_sort_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["owner", "sort_name"], name="company_owner_sort_idx"),
        ),
    ]
