"""Organizations, the people who act for them (memberships), their bodies and invitations."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import country_name, language_name
from caucus.lib.markdown import RenderedMarkdownMixin
from caucus.lib.translations import endonym
from caucus.translations.models import ContentTranslation, SourceText, one_per_language


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    EDITOR = "editor", _("Editor")
    DELEGATE = "delegate", _("Delegate")


ROLE_RANK = {Role.DELEGATE: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def public(self) -> "OrganizationQuerySet":
        return self.filter(is_public=True)

    def for_user(self, user) -> "OrganizationQuerySet":
        return self.filter(memberships__user=user)


class Organization(RenderedMarkdownMixin, models.Model):
    MARKDOWN_FIELDS = {"description": "description_html"}

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    # db_default: rows written without it (older code, migrations' historical models) too
    header = models.ImageField(_("header image"), upload_to="headers/", blank=True, db_default="")
    is_public = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Show this organization's page on the public site."),
    )
    language = models.CharField(
        _("language of the description"),
        max_length=8,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,  # rows written without it (older code) too
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:organization", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    @property
    def endonyms(self) -> list[tuple[str, str]]:
        """(code, name in itself) of each language the organization works in."""
        return [(code, endonym(code)) for code in self.languages]

    def translation_texts(self) -> list[SourceText]:
        return [
            SourceText(
                "description",
                str(_("Description")),
                self.description,
                max_length=20_000,
                multiline=True,
                markdown=True,
            )
        ]


class OrganizationTranslation(ContentTranslation):
    SOURCE_FIELD = "organization"
    COLUMNS = ("description",)

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="translations"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [
            one_per_language("organization", "one_organization_translation_per_language")
        ]
        verbose_name = _("organization translation")
        verbose_name_plural = _("organization translations")


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org")
        ]
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organization})"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(minimum)]


class Body(models.Model):
    """A part of an organization that can author statements, e.g. its executive committee."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="body_slug_per_org")
        ]
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return f"{self.name} — {self.organization.display_name}"


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """An email invitation to join an organization in a role; the link is a signed token."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["organization", "-created"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_role_display()}"

    @property
    def expires(self):
        return self.created + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if timezone.now() > self.expires:
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    def get_state_display(self) -> str:
        return InvitationState(self.state).label

    def token_state(self) -> str:
        """What the link signs: once accepted or revoked, the link stops working."""
        return f"{self.pk}:{self.accepted_at}:{self.revoked_at}"
