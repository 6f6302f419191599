"""On PostgreSQL, a trigram GIN index makes the project text search (`search_title LIKE '%…%'`, which is
what `search_title__contains=fold(q)` sends) use an index instead of scanning the table. Other databases skip it."""

from django.db import migrations

INDEX = "projects_search_title_trgm"
TABLE = "projects_project"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(INDEX)} ON {quote(TABLE)} USING gin (search_title gin_trgm_ops)"  # noqa: S608
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX)}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_progress_max")]
    operations = [migrations.RunPython(forwards, backwards)]
