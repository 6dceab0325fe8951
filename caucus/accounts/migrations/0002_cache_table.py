"""The table of the database cache (settings.py's default without REDIS_URL), made by migrate.

createcachetable makes the table of each configured database cache and skips what exists; with
Redis configured it does nothing. bin/serve runs it too, for a cache switched after migrating.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
