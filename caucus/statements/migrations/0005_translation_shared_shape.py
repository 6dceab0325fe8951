"""Statement translations take the shape shared by every content translation
(caucus/translations/models.py): texts without a column go in `parts`, and the hashes of the
source texts tell when a translation is stale."""


import hashlib
import unicodedata

from django.db import migrations, models


def _hash(text):
    """caucus.lib.translations.text_hash as of this migration (frozen here on purpose)."""
    lines = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").split("\n")
    normalized = "\n".join(line.rstrip() for line in lines).strip()
    return hashlib.sha256(normalized.encode()).hexdigest()[:16]


def record_source_hashes(apps, schema_editor):
    """Existing translations keep every row; each records the texts of the version it
    translates (and the statement's teaser), so a later revision makes it stale as before."""
    translation = apps.get_model("statements", "Translation")
    rows = translation.objects.select_related("version", "statement")
    for row in rows.iterator():
        row.source_hashes = {
            "title": _hash(row.version.title),
            "teaser": _hash(row.statement.teaser),
            "body": _hash(row.version.body),
        }
        row.save(update_fields=["source_hashes"])


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0004_opening_notice'),
    ]

    operations = [
        migrations.AddField(
            model_name='translation',
            name='parts',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='translation',
            name='source_hashes',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(record_source_hashes, migrations.RunPython.noop),
    ]
