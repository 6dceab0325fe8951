"""Topic moves to the topics app (issue "Consistency"): the state forgets it here, and
topics.0001 takes it over on the same table, public_topic, so no row moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("public", "0003_listed")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Topic")],
            database_operations=[],
        )
    ]
