"""The full name, city and photo move to CaseRecord, apart from the case's public fields, with
room for private notes; audit entries about cases keep the case's id instead of its name.

The audit log stored the display name a case had when each change was made, so a case opened
under the person's name kept showing it after protection was turned on (security audit #9).
Each such entry now points to its case by id, found by that name among the coalition's cases
(its current display name or its full name); the name itself is dropped either way.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_to_records(apps, schema_editor):
    Case = apps.get_model("solidarity", "Case")
    CaseRecord = apps.get_model("solidarity", "CaseRecord")
    CaseRecord.objects.bulk_create(
        CaseRecord(case_id=case.pk, full_name=case.full_name, city=case.city, photo=case.photo)
        for case in Case.objects.iterator()
    )


def move_back(apps, schema_editor):
    CaseRecord = apps.get_model("solidarity", "CaseRecord")
    for record in CaseRecord.objects.select_related("case").iterator():
        case = record.case
        case.full_name, case.city, case.photo = record.full_name, record.city, record.photo
        case.save(update_fields=["full_name", "city", "photo"])


def _case_named(cases: list, coalition_id, name: str):
    found = [
        case
        for case in cases
        if case.coalition_id == coalition_id and name in (case.display_name, case.full_name)
    ]
    return found[0].pk if len(found) == 1 else None


def forget_case_names(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Case = apps.get_model("solidarity", "Case")
    cases = list(Case.objects.all())  # before the record moves: full_name is still here
    for entry in AuditEntry.objects.filter(action__startswith="case.").iterator():
        name = entry.data.pop("case", None)
        if name is None:
            continue
        if "case_id" not in entry.data:
            pk = _case_named(cases, entry.coalition_id, name)
            if pk is not None:
                entry.data["case_id"] = str(pk)
        entry.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("solidarity", "0002_cancelled_hearings"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_case_names, migrations.RunPython.noop),
        migrations.CreateModel(
            name="CaseRecord",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="record",
                        serialize=False,
                        to="solidarity.case",
                    ),
                ),
                (
                    "full_name",
                    models.CharField(
                        blank=True,
                        help_text="Never public; coordinators only.",
                        max_length=200,
                        verbose_name="full name",
                    ),
                ),
                ("city", models.CharField(blank=True, max_length=120, verbose_name="city")),
                (
                    "photo",
                    models.ImageField(blank=True, upload_to="cases/", verbose_name="photo"),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True,
                        help_text="Never public; coordinators only.",
                        verbose_name="private notes",
                    ),
                ),
            ],
            options={"verbose_name": "case record", "verbose_name_plural": "case records"},
        ),
        migrations.RunPython(move_to_records, move_back),
        migrations.RemoveField(model_name="case", name="full_name"),
        migrations.RemoveField(model_name="case", name="city"),
        migrations.RemoveField(model_name="case", name="photo"),
    ]
