"""Print what a restore must preserve, as JSON: every model's rows through the ORM (so
encrypted emails are decrypted with this instance's keys), each vote's ledger check, and
what the search index finds.

Run as `python -m caucus.ops.tests.snapshot` with the instance's environment; the round-trip
test compares the output of the source and of each restored instance.
"""

import json
import os
import sys


def snapshot() -> dict:
    from django.apps import apps
    from django.core.serializers.json import DjangoJSONEncoder

    from caucus.decisions import ledger
    from caucus.decisions.models import Vote
    from caucus.public.search import search
    from caucus.signatures.models import Signature

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        names = [field.attname for field in meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*names)
        # Through JSON so datetimes, UUIDs and decimals compare as the same text everywhere.
        tables[meta.db_table] = json.loads(json.dumps(list(rows), cls=DjangoJSONEncoder))
    ledgers = {}
    for vote in Vote.objects.order_by("pk"):
        report = ledger.verify(vote)
        ledgers[vote.pk] = {"ok": report.ok, "head": report.head, "problems": report.problems}
    emails = [email for email in Signature.objects.values_list("email", flat=True) if email]
    # The search index is the engine's own (FTS5 triggers, PostgreSQL text search): it must
    # have been rebuilt from the restored rows.
    found = {word: search(word)[1] for word in ("rally", "union")}
    return {"tables": tables, "ledgers": ledgers, "signer_emails": len(emails), "search": found}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caucus.settings")
    import django

    django.setup()
    json.dump(snapshot(), sys.stdout, default=str)
