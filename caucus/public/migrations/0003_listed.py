"""Publication.listed: a campaign's local actions stay off the front page stream.

SQLite rebuilds the table to add a column, which drops the search triggers of 0002: put them
back and rebuild the FTS index. Any later schema change to Publication must do the same.
"""

from django.db import migrations, models

from caucus.public.migrations import _search_sql


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _search_sql.SQLITE_TRIGGERS_DROP + _search_sql.SQLITE_TRIGGERS:
        schema_editor.execute(sql)
    schema_editor.execute(
        "INSERT INTO public_publication_fts(public_publication_fts) VALUES ('rebuild')"
    )


class Migration(migrations.Migration):
    dependencies = [("public", "0002_search_index")]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="listed",
            field=models.BooleanField(default=True),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["listed", "-published_at", "-id"], name="pub_listed_latest"),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
