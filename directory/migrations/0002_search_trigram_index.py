"""A trigram index on the directory's folded names, on PostgreSQL only.

Suggestions run ``search_name LIKE '%word%'`` once per typed word over
millions of establishments; only a GIN trigram index serves a leading
wildcard (pg_trgm is created by prospects' migration 0003 already).
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_search_trgm_idx "
        "ON directory_establishment USING gin (search_name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_establishments_and_signals"), ("prospects", "0003_search_trigram_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
