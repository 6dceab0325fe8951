"""Webhook delivery bodies are stored encrypted, like the signers' and attendees' emails they
carry (issue "Trust", part 4): they were plain JSON, readable by anyone with the database.

The rows are rewritten while the field is still a plain TextField, so the historical model
reads and writes the column as it is; then the field becomes an EncryptedTextField, which
changes nothing in the schema. Going back decrypts them again.
"""

from django.db import migrations

import caucus.lib.crypto


def _rewrite(apps, change, *, plain: bool) -> None:
    Delivery = apps.get_model("webhooks", "Delivery")
    rows = Delivery.objects.only("pk", "body").iterator(chunk_size=2000)
    changed = []
    for row in rows:
        if row.body.startswith("{") != plain:  # a JSON object is plain text; done already
            continue
        row.body = change(row.body)
        changed.append(row)
        if len(changed) >= 2000:
            Delivery.objects.bulk_update(changed, ["body"])
            changed.clear()
    Delivery.objects.bulk_update(changed, ["body"])


def encrypt_bodies(apps, schema_editor) -> None:
    _rewrite(apps, caucus.lib.crypto.encrypt, plain=True)


def decrypt_bodies(apps, schema_editor) -> None:
    _rewrite(apps, caucus.lib.crypto.decrypt, plain=False)


class Migration(migrations.Migration):
    dependencies = [("webhooks", "0001_initial")]

    operations = [
        migrations.RunPython(encrypt_bodies, decrypt_bodies),
        migrations.AlterField(
            model_name="delivery",
            name="body",
            field=caucus.lib.crypto.EncryptedTextField(),
        ),
    ]
