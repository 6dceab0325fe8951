"""Boosts a coalition with a members-only list made of its member organizations' statements
named those members (the Announce's cc, the boosted object's author): take them out of the
outbox and off their ids. Their Undo is not sent (a migration delivers nothing); followers'
servers keep the copy they got. From now on such a coalition boosts nothing of its members
(objects._statement)."""

from django.db import migrations


def hide(apps, schema_editor):
    Activity = apps.get_model("federation", "Activity")
    LocalActor = apps.get_model("federation", "LocalActor")
    Coalition = apps.get_model("coalitions", "Coalition")
    quiet = Coalition.objects.exclude(member_list="public").values_list("pk", flat=True)
    relays = LocalActor.objects.filter(kind="coalition", object_id__in=list(quiet))
    Activity.objects.filter(
        actor__in=relays,
        type="Announce",
        in_outbox=True,
        object__kind="statement",
        object__owner__kind="organization",
    ).update(in_outbox=False)


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0001_initial"),
        ("coalitions", "0002_coalition_translations"),
    ]

    operations = [migrations.RunPython(hide, migrations.RunPython.noop)]
