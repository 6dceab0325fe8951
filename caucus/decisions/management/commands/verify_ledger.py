"""Check a vote's ledger on the server: every check of the members' offline verifier
(tools/caucus_verify.py), plus the rows shown to people and the record of signed heights."""

import json

from django.core.management.base import BaseCommand, CommandError

from caucus.decisions import ledger
from caucus.decisions.models import Vote


class Command(BaseCommand):
    help = (
        "Verify the ledger of a vote; prints what was checked, then OK or every problem. Exit "
        "status 1 when the ledger does not verify; 2 when it does but a receipt was refused "
        "(not signed by the vote's instance key: no evidence about the ledger)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("vote", type=int, help="the vote's id")
        parser.add_argument("--since", default="", help="a head hash saved earlier")
        parser.add_argument("--head", action="append", default=[], help="a head saved earlier")
        parser.add_argument("--receipt", action="append", default=[], help="a receipt file")

    def handle(self, *args, vote: int, since: str, head: list, receipt: list, **options) -> None:
        row = Vote.objects.filter(pk=vote).first()
        if row is None:
            raise CommandError(f"There is no vote {vote}.")
        report = ledger.verify(
            row,
            since=since.strip().lower(),
            heads=[(None, h.strip().lower()) for h in head],
            receipts=[(path, _read(path)) for path in receipt],
        )
        for line in report.checked:
            self.stdout.write(f"  ok    {line}")
        for line in report.warnings:
            self.stdout.write(f"  note  {line}")
        for line in report.refused:
            self.stderr.write(f"REFUSED: {line}")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"FAIL: {problem}")
            raise CommandError(f"The ledger of vote {vote} does not verify.", returncode=1)
        self.stdout.write(f"OK: {report.entries} entries, head {report.head}")
        if report.refused:
            raise CommandError(
                f"The ledger of vote {vote} verifies, but {len(report.refused)} receipts were "
                "refused.",
                returncode=2,
            )


def _read(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read the receipt {path}: {exc}") from exc
