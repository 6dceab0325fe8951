"""Case photos move to the private storage (caucus/lib/storage.py; issue "Trust", part 5).

They sat in the default storage beside the logos, which on S3 is a publicly readable bucket:
any photo, a protected case's too, was one known file name away. Each file is copied to
the private storage under the same name, then deleted from the default storage; a file
already moved, or missing, is left as it is, so the migration may run again. Going back
moves them back.
"""

from django.core.files.storage import Storage, default_storage
from django.db import migrations, models

import caucus.lib.storage


def _move(apps, old: Storage, new: Storage) -> None:
    CaseRecord = apps.get_model("solidarity", "CaseRecord")
    for pk, name in CaseRecord.objects.exclude(photo="").values_list("pk", "photo").iterator():
        if new.exists(name) or not old.exists(name):
            continue
        with old.open(name, "rb") as file:
            saved = new.save(name, file)
        if saved != name:
            CaseRecord.objects.filter(pk=pk).update(photo=saved)
        old.delete(name)


def to_private(apps, schema_editor) -> None:
    _move(apps, default_storage, caucus.lib.storage.private_storage())


def to_default(apps, schema_editor) -> None:
    _move(apps, caucus.lib.storage.private_storage(), default_storage)


class Migration(migrations.Migration):
    dependencies = [("solidarity", "0004_case_translations")]

    operations = [
        migrations.AlterField(
            model_name="caserecord",
            name="photo",
            field=models.ImageField(
                blank=True,
                storage=caucus.lib.storage.private_storage,
                upload_to="cases/",
                verbose_name="photo",
            ),
        ),
        migrations.RunPython(to_private, to_default),
    ]
