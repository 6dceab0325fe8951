"""Report the public fields of protected cases that the services would now refuse.

Text stored before the Trust issue's check (or before a case became protected) may name the
person; the public accessors withhold such a field whole, so nothing leaks, but the case file
loses it publicly until a coordinator rewrites it. This lists them, by case and field, without
ever printing the field or the secret. Exit status 1 when any is found.

One field cannot be withheld: the address (/cases/<slug>/) that every channel links to. With
`--fix`, a case whose address could name the person gets a new one through the service that
a coordinator's edit uses (audit-logged, no redirect from the old one); the other fields are
texts that only a coordinator can rewrite, and stay listed.
"""

import sys

from django.core.management.base import BaseCommand

from caucus.solidarity.models import Case
from caucus.solidarity.services import case_readdress


def identifying_fields(case: Case) -> list[str]:
    """The public fields of `case` that could name its protected person."""
    found = [
        name
        for name, text, markdown in (
            ("display name", case.display_name, False),
            ("summary", case.summary, True),
            ("address (slug)", case.slug, False),
        )
        if case.identifies(text, markdown=markdown)
    ]
    for entry in case.entries.order_by("pk"):
        for name, text, markdown in (
            ("note", entry.note, True),
            ("place", entry.place, False),
            ("source link", entry.source_url, False),
        ):
            if case.identifies(text, markdown=markdown):
                found.append(f"timeline entry #{entry.pk}: {name}")
    for link in case.links.order_by("pk"):
        if link.identifies(case):
            found.append(f"link #{link.pk}: title, address or call to action")
    return found


class Command(BaseCommand):
    help = "List public fields of protected cases that could identify the person."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Give each case whose address could identify the person a new address.",
        )

    def handle(self, *args, **options):
        cases = Case.objects.filter(protected=True).select_related("coalition", "record")
        total = 0
        for case in cases.order_by("pk"):
            if options["fix"] and case_readdress(case=case):
                self.stdout.write(
                    f"case #{case.pk} ({case.coalition.slug}): "
                    f"new address {case.get_absolute_url()}"
                )
            fields = identifying_fields(case)
            total += len(fields)
            for field in fields:
                self.stdout.write(f"case #{case.pk} ({case.coalition.slug}): {field}")
        self.stdout.write(
            f"{total} public field(s) of protected cases withheld until rewritten."
            if total
            else "No public field of a protected case could identify the person."
        )
        if total:
            sys.exit(1)
