"""Recompute a vote's ledger: chain, signatures, last ballot per organization, tally."""

from django.core.management.base import BaseCommand, CommandError

from caucus.decisions import ledger
from caucus.decisions.models import Vote


class Command(BaseCommand):
    help = "Verify the ledger of a vote; prints OK or every problem found (exit status 1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("vote", type=int, help="the vote's id")
        parser.add_argument("--since", default="", help="a head hash saved earlier")

    def handle(self, *args, vote: int, since: str, **options) -> None:
        row = Vote.objects.filter(pk=vote).first()
        if row is None:
            raise CommandError(f"There is no vote {vote}.")
        report = ledger.verify(row, since=since.strip().lower())
        if report.ok:
            self.stdout.write(f"OK: {report.entries} entries, head {report.head}")
            return
        for problem in report.problems:
            self.stderr.write(f"FAIL: {problem}")
        raise CommandError(f"The ledger of vote {vote} does not verify.", returncode=1)
