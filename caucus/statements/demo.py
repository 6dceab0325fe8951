"""Demo data for this app, loaded by `manage.py loaddemo` after the demo coalition exists.

The coalition's joint declaration (fictional text): three versions, one accepted and one
rejected amendment, published in English with six translations (demo_translations.py), and
republished by an organization outside the coalition. Another member publishes a statement of
its own.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from caucus.organizations.models import Organization
from caucus.statements import services
from caucus.statements.demo_translations import DECLARATION, REVIEWED
from caucus.statements.models import Publication, Statement

SLUG = "joint-declaration"

V1 = """\
We, the member organizations of this coalition, meeting online across eight countries,
declare our common purpose.

**Workers in every country deserve fair pay**, safe workplaces and the freedom to organize.

We will act together on our two international days of action, and we will stand with every
colleague who is prosecuted for lawful trade-union work.
"""

V2 = V1.replace(
    "safe workplaces and the freedom to organize.",
    "safe workplaces, and the freedom to organize without fear.",
)


def load(*, coalition, stdout) -> None:
    """Add this app's fictional demo content to `coalition` (idempotent)."""
    existing = Statement.objects.filter(slug=SLUG).first()
    if existing is not None:
        _translate(existing, existing.created_by)  # older demo databases gain the full texts
        stdout.write("Statements: already loaded.")
        return
    users = {
        u.email.split("@")[0]: u
        for u in get_user_model().objects.filter(email__endswith="@demo.caucus.example")
    }
    coordinator, delegate = users["coordinator"], users["delegate"]
    now = timezone.now()
    statement = services.statement_create(
        actor=coordinator,
        author_coalition=coalition,
        slug=SLUG,
        title="Joint declaration for workers' rights across borders",
        body=V1,
        language="en",
        dateline_date=(now - timedelta(days=3)).date(),
        dateline_place="Online",
        teaser="Eleven organizations in eight countries declare a common purpose.",
        topics=["labour-rights", "solidarity"],
        regions=["latin-america", "mediterranean", "caucasus"],
    )
    services.version_create(
        statement=statement,
        actor=coordinator,
        title=statement.current_version.title,
        body=V2,
        note="Wording from the online meeting",
    )
    sintrasur = Organization.objects.filter(slug="sintrasur").first()
    accepted = services.amendment_propose(
        statement=statement,
        actor=delegate,
        version=statement.current_version,
        kind="replace",
        passage="deserve fair pay",
        replacement="deserve a living wage",
        reason="“Fair” is vague; a living wage is what our members ask for.",
        organization=sintrasur,
    )
    services.amendment_accept(amendment=accepted, actor=coordinator)
    rejected = services.amendment_propose(
        statement=statement,
        actor=delegate,
        version=statement.current_version,
        kind="delete",
        passage=(
            " and we will stand with every\ncolleague who is prosecuted for lawful trade-union work"
        ),
        replacement="",
        reason="Keep the declaration short.",
        organization=sintrasur,
    )
    services.amendment_reject(
        amendment=rejected, actor=coordinator, reply="The solidarity clause was voted in."
    )
    statement.refresh_from_db()
    services.statement_publish(statement=statement, actor=coordinator)
    published = now - timedelta(days=2)
    # A goal and a closing time in the coalition's secretariat's zone, as an editor sets them.
    zone = ZoneInfo("America/Argentina/Buenos_Aires")
    closes = datetime.combine((now + timedelta(days=26)).astimezone(zone).date(), time(23, 59))
    Statement.objects.filter(pk=statement.pk).update(
        published_at=published,
        announced_at=published,
        signature_goal=5000,
        signing_deadline=closes.replace(tzinfo=zone),
        signing_deadline_zone=zone.key,
    )
    Publication.objects.filter(statement=statement).update(published_at=published)
    _translate(statement, coordinator)
    outside = Organization.objects.filter(slug="sindicato-oriental").first()
    if outside is not None:
        services.statement_republish(
            statement=statement,
            organization=outside,
            actor=users.get("uy-admin"),
        )
    stdout.write(f"Statements: {statement.slug} in English and {len(DECLARATION)} translations.")


def _translate(statement: Statement, actor) -> None:
    """The declaration in the six other languages of the scenario (saved or replaced)."""
    for language, (title, teaser, body) in DECLARATION.items():
        services.translation_save(
            statement=statement,
            actor=actor,
            language=language,
            title=title,
            teaser=teaser,
            body=body,
            translator="Demo translators (fictional)",
            kind="human",
            reviewed=language in REVIEWED,
        )
