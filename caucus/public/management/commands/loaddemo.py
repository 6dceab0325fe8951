"""Load the fictional demo coalition (idempotent): eleven organizations in eight countries."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from caucus.campaigns import demo as campaigns_demo
from caucus.coalitions.models import (
    Coalition,
    CoalitionMembership,
    Coordinator,
    MemberListVisibility,
    MemberStatus,
    PlatformVersion,
)
from caucus.decisions import demo as decisions_demo
from caucus.organizations.models import Body, Membership, Organization, Role
from caucus.public import publishers
from caucus.signatures import demo as signatures_demo
from caucus.solidarity import demo as solidarity_demo
from caucus.statements import demo as statements_demo
from caucus.topics.models import Topic

DEMO_PASSWORD = "demo-caucus-2026"  # noqa: S105 — fictional demo accounts only

# The site's topic vocabulary; demo items are tagged with these slugs.
TOPICS = [
    ("labour", "Labour"),
    ("labour-rights", "Labour rights"),
    ("prisoners", "Political prisoners"),
    ("solidarity", "Solidarity"),
]

# slug, name, short name, country, languages, city (for the description)
ORGANIZATIONS = [
    ("demiryol-is", "Demiryolu İşçileri Sendikası", "DİS", "TR", ["tr"], "Ankara"),
    ("liman-sen", "Liman ve Kıyı Emekçileri Derneği", "LİMAN-SEN", "TR", ["tr", "en"], "İzmir"),
    ("fetrau", "Federación de Trabajadores Unidos", "FETRAU", "AR", ["es"], "Rosario"),
    (
        "cotapa",
        "Colectivo de Trabajadoras de Parque Patricios",
        "COTAPA",
        "AR",
        ["es"],
        "Buenos Aires",
    ),
    ("osep", "Ομοσπονδία Συνδικάτων Εργαζομένων Πειραιά", "ΟΣΕΠ", "GR", ["el", "en"], "Piraeus"),
    ("sintrasur", "Sindicato de Trabajadores del Sur", "SINTRASUR", "CL", ["es"], "Concepción"),
    ("red-andina", "Red Andina de Derechos Laborales", "RADL", "CL", ["es", "en"], "Valparaíso"),
    (
        "cgtp-lima",
        "Confederación Gremial de Trabajadores de Lima",
        "CGTL",
        "PE",
        ["es", "qu"],
        "Lima",
    ),
    ("fiom-nord", "Federazione Operai Metalmeccanici del Nord", "FOM-Nord", "IT", ["it"], "Torino"),
    ("sindmar", "Sindicato dos Marítimos do Atlântico", "SINDMAR-A", "BR", ["pt"], "Santos"),
    ("neft-ittifaq", "Neftçilər Həmkarlar İttifaqı", "NHİ", "AZ", ["az", "ru"], "Sumqayıt"),
]
INVITED = (
    "sindicato-oriental",
    "Sindicato Oriental de la Construcción",
    "SOC",
    "UY",
    ["es"],
    "Montevideo",
)

PLATFORM = [
    "**Freedom of association.** Every worker has the right to form and join a union without "
    "fear of dismissal, surveillance or prosecution.",
    "**Solidarity across borders.** An attack on organizers in one country is answered by the "
    "member organizations in all of them.",
    "**Living wages.** Wages that keep pace with prices, negotiated collectively.",
    "**Safe workplaces.** The right to refuse dangerous work without losing pay.",
    "**Equal treatment.** The same rights for migrant, temporary and platform workers.",
    "**Public services.** Transport, ports and energy remain public and accountable.",
    "**A just transition.** No worker is left behind by the change to clean energy.",
    "**Democracy in our organizations.** Decisions are taken openly, by vote, and recorded.",
]

# email local part, name, organization slug, role, coordinator?, with MFA?
PEOPLE = [
    ("coordinator", "Ayşe Demir", "demiryol-is", Role.DELEGATE, True, True),
    ("admin", "Mateo Ruiz", "fetrau", Role.ADMIN, False, True),
    ("editor", "Eleni Papadaki", "osep", Role.EDITOR, False, True),
    ("delegate", "Camila Soto", "sintrasur", Role.DELEGATE, False, True),
    ("nomfa", "Luca Bianchi", "fiom-nord", Role.DELEGATE, False, False),
    ("uy-admin", "Martina Pereira", "sindicato-oriental", Role.ADMIN, False, True),
]
DOMAIN = "demo.caucus.example"


class Command(BaseCommand):
    help = "Load the fictional demo coalition and print its logins. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for slug, name in TOPICS:
                Topic.objects.get_or_create(slug=slug, defaults={"name": name})
            orgs = {spec[0]: self._organization(*spec) for spec in [*ORGANIZATIONS, INVITED]}
            people = self._people(orgs)
            coalition = self._coalition(orgs, people["coordinator"])
        # Campaigns after statements: the demo campaign links the published declaration.
        demos = (decisions_demo, statements_demo, signatures_demo, campaigns_demo, solidarity_demo)
        for load in (demo.load for demo in demos):
            with transaction.atomic():
                load(coalition=coalition, stdout=self.stdout)
        # Demo loaders bulk-create rows (no save signals): index what is public in one pass.
        with transaction.atomic():
            publishers.reindex()
        self._print_logins(people, coalition)

    def _organization(self, slug, name, short, country, languages, city) -> Organization:
        org, created = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "country": country,
                "languages": languages,
                "description": f"A fictional organization based in {city}, part of the Caucus "
                "demo data. Any resemblance to a real organization is accidental.",
            },
        )
        if created:
            # Each organization gets an admin so someone can accept invitations on its behalf.
            self._user(f"{slug}@{DOMAIN}", f"Admin of {short}", org, Role.ADMIN, mfa=True)
        return org

    def _user(self, email, name, org, role, *, mfa: bool):
        User = get_user_model()
        user, created = User.objects.get_or_create(email=email, defaults={"name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.get_or_create(organization=org, user=user, defaults={"role": role})
        if mfa and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())
            RecoveryCodes.activate(user)
        return user

    def _people(self, orgs):
        people = {}
        for local, name, slug, role, _coordinator, mfa in PEOPLE:
            people[local] = self._user(f"{local}@{DOMAIN}", name, orgs[slug], role, mfa=mfa)
        operator = people.setdefault("operator", None)
        User = get_user_model()
        operator, created = User.objects.get_or_create(
            email=f"operator@{DOMAIN}",
            defaults={"name": "Demo Operator", "is_staff": True, "is_superuser": True},
        )
        if created:
            operator.set_password(DEMO_PASSWORD)
            operator.save(update_fields=["password"])
            EmailAddress.objects.create(
                user=operator, email=operator.email, verified=True, primary=True
            )
            TOTP.activate(operator, generate_totp_secret())
        people["operator"] = operator
        return people

    def _coalition(self, orgs, coordinator) -> Coalition:
        coalition, created = Coalition.objects.get_or_create(
            slug="cross-border-labour",
            defaults={
                "name": "Cross-Border Labour Solidarity Network",
                "description": "A fictional coalition of eleven organizations in eight countries, "
                "meeting online to defend organizers and coordinate action.",
                "member_list": MemberListVisibility.PUBLIC,
            },
        )
        Coordinator.objects.get_or_create(coalition=coalition, user=coordinator)
        now = timezone.now()
        for slug, *_rest in ORGANIZATIONS:
            CoalitionMembership.objects.get_or_create(
                coalition=coalition,
                organization=orgs[slug],
                defaults={
                    "status": MemberStatus.ACTIVE,
                    "invited_at": now,
                    "joined_at": now,
                    "invited_by": coordinator,
                },
            )
        CoalitionMembership.objects.get_or_create(
            coalition=coalition,
            organization=orgs[INVITED[0]],
            defaults={"status": MemberStatus.INVITED, "invited_at": now, "invited_by": coordinator},
        )
        if created or not coalition.platform_versions.exists():
            PlatformVersion.objects.create(
                coalition=coalition,
                number=1,
                points=PLATFORM,
                author=coordinator,
                note="Adopted at the founding meeting.",
            )
        Body.objects.get_or_create(
            organization=orgs["demiryol-is"],
            slug="executive-committee",
            defaults={"name": "Executive Committee"},
        )
        return coalition

    def _print_logins(self, people, coalition):
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo coalition ready: /c/{coalition.slug}/"))
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        out.write("Two-factor: add the secret to an authenticator app, or print the current code")
        out.write("with `CAUCUS_DEMO=true .venv/bin/python manage.py totp EMAIL`.")
        for key in ["operator", "coordinator", "admin", "editor", "delegate", "nomfa", "uy-admin"]:
            user = people[key]
            totp = Authenticator.objects.filter(user=user, type="totp").first()
            secret = decrypt(totp.data["secret"]) if totp else "(none: must set up two-factor)"
            roles = ", ".join(
                f"{m.get_role_display()} of {m.organization.short_name}"
                for m in user.memberships.select_related("organization")
            )
            if user.coordinating.exists():
                roles += ", coordinator"
            if user.is_superuser:
                roles = "operator (admin site)"
            out.write(f"  {user.email:<40} {roles:<45} TOTP secret: {secret}")
