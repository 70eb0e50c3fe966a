"""Trigram indexes for the accent-insensitive search, on PostgreSQL only.

Searches run ``search_text LIKE '%<folded query>%'`` (``__contains``) on the
folded text the services keep. A B-tree cannot serve a pattern with a leading
wildcard; a GIN trigram index can, which keeps a search over hundreds of
thousands of companies in milliseconds. SQLite has no such index: there the
same query is a plain scan, which is fine at development scale.
"""

from django.db import migrations

INDEXES = [
    ("company_search_trgm_idx", "prospects_company"),
    ("contact_search_trgm_idx", "prospects_contact"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other objects may have come to use it since.
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("prospects", "0002_load_reference_data")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
