"""Company.search_text now holds its contacts' names too: recompute it for existing companies.

A search is then one LIKE per word on the company's own column, which the
trigram index serves, instead of ``LIKE … OR EXISTS (a contact matching)``.
The text is built as Company.refresh_search_fields builds it (the historical
model has no methods), in batches of companies by primary key.
"""

from django.db import migrations

from core.identifiers import fold

BATCH = 5000


def recompute(apps, schema_editor):
    Company = apps.get_model("prospects", "Company")
    Contact = apps.get_model("prospects", "Contact")
    db = schema_editor.connection.alias
    companies = Company.objects.using(db).order_by("pk")
    last_pk = 0
    while True:
        batch = list(
            companies.filter(pk__gt=last_pk).values_list("pk", "name", "siren", "siret", "city", "postcode")[:BATCH]
        )
        if not batch:
            return
        last_pk = batch[-1][0]
        names = {}
        contacts = (
            Contact.objects.using(db)
            .filter(company_id__gte=batch[0][0], company_id__lte=last_pk, anonymised_at__isnull=True)
            .order_by("company_id", "pk")
            .values_list("company_id", "first_name", "last_name")
        )
        for company_id, first_name, last_name in contacts:
            names.setdefault(company_id, []).append(" ".join(filter(None, [first_name, last_name])))
        changed = []
        for pk, *own in batch:
            contact_names = names.get(pk)
            if contact_names:
                changed.append(Company(pk=pk, search_text=fold(" ".join(filter(None, [*own, *contact_names])))))
        Company.objects.using(db).bulk_update(changed, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("prospects", "0004_retention_notice")]

    # Backwards there is nothing to undo: the longer text still finds what the shorter one did.
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
