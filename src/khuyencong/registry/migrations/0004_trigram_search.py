"""On PostgreSQL, trigram GIN indexes make `search_name LIKE '%…%'` fast at 1M rows. Other databases skip it."""

from django.db import migrations

INDEXES = [
    ("registry_est_search_trgm", "registry_establishment"),
    ("registry_village_search_trgm", "registry_craftvillage"),
    ("registry_product_search_trgm", "registry_product"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin (search_name gin_trgm_ops)"  # noqa: S608
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_seed_catalogues")]
    operations = [migrations.RunPython(forwards, backwards)]
