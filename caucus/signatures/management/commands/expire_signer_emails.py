"""Delete the emails of signers confirmed more than SIGNER_EMAIL_RETENTION_DAYS ago (cron daily).

Also folds every statement's live count into its stored total, the nightly reconciliation.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from caucus.signatures.counting import fold
from caucus.signatures.models import Signature
from caucus.signatures.services import signer_emails_expire


class Command(BaseCommand):
    help = "Delete signers' emails after the retention period and fold the signature counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SIGNER_EMAIL_RETENTION_DAYS,
            help="Keep emails this many days after confirmation (0 keeps them).",
        )

    def handle(self, *args, days: int, **options):
        expired = signer_emails_expire(days=days)
        statements = Signature.objects.values_list("statement_id", flat=True).distinct()
        folded = sum(fold(statement_id) for statement_id in statements)
        self.stdout.write(f"Deleted {expired} signer emails; folded {folded} signatures.")
