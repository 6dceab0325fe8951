"""People who sign in (identified by email, named for their colleagues), and allauth's emails
waiting to be sent."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from caucus.lib.crypto import EncryptedTextField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return str(self)


class OutboxMessage(models.Model):
    """An email allauth rendered (a password-reset or confirmation link carries a live key),
    waiting for the worker: encrypted at rest, and deleted once sent.

    The task that sends it holds only this row's id (accounts/tasks.py); rows the worker could
    not send are deleted after OUTBOX_MAX_AGE_HOURS by the daily pruning.
    """

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    to = EncryptedTextField()
    subject = EncryptedTextField()
    body = EncryptedTextField()
    html = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return f"outbox message {self.pk}"  # never the address or the subject
