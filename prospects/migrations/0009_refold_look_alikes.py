"""Fold the stored search and duplicate-check texts again: fold() now maps look-alike
letters of other scripts to Latin ones and « œ », « ß » to « oe », « ss ».

Refolding a folded text gives the new fold, so only the rows with non-ASCII
text change; the rest are read and left alone.
"""

from django.db import migrations

from core.identifiers import fold, normalize_company_name

BATCH = 2000


def _refold(model, read, written, compute):
    """Store compute(row) (a dict of the ``written`` fields) wherever it differs, in batches."""
    changed = []
    for row in model.objects.only("pk", *read).iterator(chunk_size=BATCH):
        new = compute(row)
        if all(getattr(row, name) == value for name, value in new.items()):
            continue
        for name, value in new.items():
            setattr(row, name, value)
        changed.append(row)
        if len(changed) >= BATCH:
            model.objects.bulk_update(changed, written)
            changed = []
    if changed:
        model.objects.bulk_update(changed, written)


def _company(row):
    if row.search_text.isascii() and row.name.isascii():
        return {"search_text": row.search_text, "normalized_name": row.normalized_name}
    return {"search_text": fold(row.search_text), "normalized_name": normalize_company_name(row.name)[:200]}


def _contact(row):
    return {"search_text": row.search_text if row.search_text.isascii() else fold(row.search_text)}


def refold(apps, schema_editor):
    company_fields = ["search_text", "normalized_name"]
    _refold(apps.get_model("prospects", "Company"), ["name", *company_fields], company_fields, _company)
    _refold(apps.get_model("prospects", "Contact"), ["search_text"], ["search_text"], _contact)


class Migration(migrations.Migration):
    dependencies = [("prospects", "0008_date_windows")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
