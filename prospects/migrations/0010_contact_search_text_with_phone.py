"""Contact.search_text now ends with the phone's national digits: recompute it for existing contacts.

A search typed « 06 12 34 56 78 », « +33 6 12 34 56 78 » or « 0612345678 »
is then one LIKE on the column the trigram index serves. Built as
Contact.refresh_search_fields builds it (the historical model has no methods),
in batches by primary key; only contacts with a phone change.
"""

from django.db import migrations

from core.identifiers import fold, phone_digits

BATCH = 5000


def recompute(apps, schema_editor):
    Contact = apps.get_model("prospects", "Contact")
    db = schema_editor.connection.alias
    contacts = Contact.objects.using(db).exclude(phone="").order_by("pk")
    last_pk = 0
    while True:
        batch = list(
            contacts.filter(pk__gt=last_pk).values_list("pk", "first_name", "last_name", "email", "phone")[:BATCH]
        )
        if not batch:
            return
        last_pk = batch[-1][0]
        changed = [
            Contact(pk=pk, search_text=fold(" ".join(filter(None, [first, last, email, phone_digits(phone)]))))
            for pk, first, last, email, phone in batch
        ]
        Contact.objects.using(db).bulk_update(changed, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("prospects", "0009_refold_look_alikes")]

    # Backwards there is nothing to undo: the longer text still finds what the shorter one did.
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
