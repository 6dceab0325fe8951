"""Demo data: the demo declaration signed by all member organizations and a few thousand
fictional people (bulk inserts, so `loaddemo` stays fast)."""

import random
from datetime import timedelta

from django.utils import timezone

from caucus.lib.crypto import email_index
from caucus.signatures.counting import fold
from caucus.signatures.models import OrganizationSignature, OrgState, Signature, State
from caucus.statements.models import Statement, Status

DECLARATION = "joint-declaration"
PEOPLE = 3000
FIRST = [
    "Ayşe", "Mehmet", "Lucía", "Mateo", "Eleni", "Nikos", "Camila", "Diego", "Rosa", "Luis",
    "Giulia", "Marco", "Ana", "João", "Leyla", "Elvin", "Valentina", "Andrés", "Sofía", "Kemal",
]  # fmt: skip
LAST = [
    "Yılmaz", "Demir", "González", "Fernández", "Papadopoulou", "Georgiou", "Rojas", "Muñoz",
    "Quispe", "Mamani", "Rossi", "Bianchi", "Silva", "Santos", "Əliyeva", "Məmmədov", "Kaya",
]  # fmt: skip
PLACES = [
    ("Ankara", "TR"), ("İzmir", "TR"), ("Rosario", "AR"), ("Buenos Aires", "AR"),
    ("Piraeus", "GR"), ("Concepción", "CL"), ("Valparaíso", "CL"), ("Lima", "PE"),
    ("Torino", "IT"), ("Santos", "BR"), ("Sumqayıt", "AZ"), ("", ""),
]  # fmt: skip
# Documentation address ranges (RFC 5737, RFC 3849): fictional networks.
PREFIXES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8:1::/48"]


def load(*, coalition, stdout) -> None:
    """Sign the demo declaration for every active member and add fictional people (once)."""
    statement = Statement.objects.filter(slug=DECLARATION, author_coalition=coalition).first()
    if statement is None or statement.status not in (Status.OPEN, Status.PUBLISHED):
        return
    version = statement.published_version or statement.current_version
    if version is None or statement.organization_signatures.exists():
        return
    signed_at = statement.published_at or timezone.now()
    OrganizationSignature.objects.bulk_create(
        OrganizationSignature(
            statement=statement,
            organization=membership.organization,
            version=version,
            state=OrgState.SIGNED,
            initial=True,
            signed_at=signed_at - timedelta(days=1),
        )
        for membership in coalition.memberships.active()
    )
    if statement.status == Status.PUBLISHED and statement.open_to_individuals:
        _people(statement)
    stdout.write(f"Signatures: {statement.slug} signed by the member organizations and people.")


def _people(statement) -> None:
    rng = random.Random(4)  # noqa: S311 — fictional data, reproducible
    now = timezone.now()
    rows = []
    for i in range(PEOPLE):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        city, country = rng.choice(PLACES)
        email = f"signer{i}@demo.caucus.example"
        created = now - timedelta(minutes=rng.randint(5, 48 * 60))
        confirmed = i % 20 != 0  # one in twenty never opened the link
        rows.append(
            Signature(
                statement=statement,
                name=name,
                name_key=name.casefold(),
                city=city,
                country=country,
                email=email,
                email_index=email_index(email),
                email_domain="demo.caucus.example",
                ip_prefix=rng.choice(PREFIXES),
                language=rng.choice(["en", "es", "tr"]),
                show_name=rng.random() < 0.7,
                may_contact=rng.random() < 0.3,
                state=State.CONFIRMED if confirmed else State.PENDING,
                created=created,
                confirmed_at=created + timedelta(minutes=3) if confirmed else None,
                mail_sent_at=created,
            )
        )
    Signature.objects.bulk_create(rows, batch_size=1000)
    fold(statement.pk)
