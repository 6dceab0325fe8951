# Columns for leased, idempotent confirmation emails. Nullable or with a database default, so
# this runs safely before the code that writes them (old code inserts rows without them).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0003_mail_waiting_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="mail_lease_until",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="signature",
            name="mail_worker",
            field=models.CharField(blank=True, db_default="", editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name="signature",
            name="mail_count",
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False),
        ),
    ]
