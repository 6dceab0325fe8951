"""Coalitions: organizations acting together, their coordinators and their platform."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.lib.markdown import RenderedMarkdownMixin, render_markdown
from caucus.organizations.models import Organization
from caucus.translations.models import ContentTranslation, SourceText, one_per_language


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class MemberListVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Visible to members only")


class CoalitionQuerySet(models.QuerySet["Coalition"]):
    def public(self) -> "CoalitionQuerySet":
        return self.filter(is_public=True)

    def for_user(self, user) -> "CoalitionQuerySet":
        """Coalitions where the person coordinates, or one of their organizations is active."""
        return self.filter(
            models.Q(coordinators__user=user)
            | models.Q(
                pk__in=CoalitionMembership.objects.active().of_user(user).values("coalition")
            )
        ).distinct()

    def with_active_member(self, organization: Organization) -> "CoalitionQuerySet":
        """Coalitions in which `organization` is an active member."""
        return self.filter(
            pk__in=CoalitionMembership.objects.active()
            .filter(organization=organization)
            .values("coalition")
        )


class Coalition(RenderedMarkdownMixin, models.Model):
    MARKDOWN_FIELDS = {"description": "description_html"}

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    member_list = models.CharField(
        _("member list"),
        max_length=10,
        choices=MemberListVisibility.choices,
        default=MemberListVisibility.MEMBERS,
    )
    is_public = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Show this coalition's page and platform on the public site."),
    )
    # Public like the page: served from the public media folders, shown to the fediverse.
    # db_default: rows written without them (older code, migrations' historical models) too.
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, db_default="")
    header = models.ImageField(_("header image"), upload_to="headers/", blank=True, db_default="")
    language = models.CharField(
        _("language"),
        max_length=8,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,  # rows written without it (older code) too
        help_text=_("The language the description and the platform are written in."),
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = CoalitionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:coalition", args=[self.slug])

    @property
    def member_list_is_public(self) -> bool:
        return self.member_list == MemberListVisibility.PUBLIC

    def current_platform(self) -> "PlatformVersion | None":
        return self.platform_versions.order_by("-number").first()

    def active_members(self) -> "CoalitionMembershipQuerySet":
        return self.memberships.active().select_related("organization")

    def active_organizations(self) -> models.QuerySet[Organization]:
        """The organizations that are active members: the only ones anyone may act for in
        the coalition (propose, vote, sign directly, register actions, add cases)."""
        return Organization.objects.filter(pk__in=self.memberships.active().values("organization"))

    def has_active_member(self, organization: Organization | None) -> bool:
        return (
            organization is not None
            and self.memberships.active().filter(organization=organization).exists()
        )

    def translation_texts(self) -> list[SourceText]:
        """The description and each point of the current platform, by its number."""
        texts = [
            SourceText(
                "description",
                str(_("Description")),
                self.description,
                max_length=20_000,
                multiline=True,
                markdown=True,
            )
        ]
        platform = self.current_platform()
        for n, point in enumerate(platform.points if platform else [], start=1):
            label = str(_("Platform point %(n)s")) % {"n": n}
            texts.append(
                SourceText(
                    f"points.{n}", label, point, max_length=5000, multiline=True, markdown=True
                )
            )
        return texts


class Coordinator(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinating"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalition", "user"], name="one_coordinator_row")
        ]

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.coalition}"


class CoalitionMembershipQuerySet(models.QuerySet["CoalitionMembership"]):
    """The one spelling of "an active member organization" (and of a current one)."""

    def active(self) -> "CoalitionMembershipQuerySet":
        return self.filter(status=MemberStatus.ACTIVE)

    def current(self) -> "CoalitionMembershipQuerySet":
        """Active members and those invited: an organization already in, or asked to join."""
        return self.filter(status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED])

    def of_user(self, user) -> "CoalitionMembershipQuerySet":
        """Memberships of the organizations the person belongs to (any role)."""
        return self.filter(organization__memberships__user=user)

    def without_declined(self) -> "CoalitionMembershipQuerySet":
        """Every membership but a declined invitation: what an organization's page lists."""
        return self.exclude(status=MemberStatus.DECLINED)

    def organizations(self) -> models.QuerySet:
        """The organizations' ids, for `organization__in=`."""
        return self.values("organization")


class CoalitionMembership(models.Model):
    """An organization's place in a coalition, with the dates of each change of status."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="coalition_memberships"
    )
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = CoalitionMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "organization"], name="one_membership_per_coalition"
            )
        ]
        indexes = [models.Index(fields=["coalition", "status"])]
        ordering = ["organization__country", "organization__name"]

    def __str__(self) -> str:
        return f"{self.organization} in {self.coalition} ({self.status})"


class PlatformVersion(models.Model):
    """One immutable version of a coalition's numbered founding points."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="platform_versions"
    )
    number = models.PositiveIntegerField()
    points = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalition", "number"], name="platform_version_number")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.coalition} platform v{self.number}"

    def points_html(self) -> list[str]:
        return [render_markdown(point) for point in self.points]


class CoalitionTranslation(ContentTranslation):
    """A coalition's description and platform in another language; the points are in `parts`."""

    SOURCE_FIELD = "coalition"
    COLUMNS = ("description",)

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="translations")
    description = models.TextField(_("description"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [one_per_language("coalition", "one_coalition_translation_per_language")]
        verbose_name = _("coalition translation")
        verbose_name_plural = _("coalition translations")
