from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "caucus.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from caucus.accounts import checks  # noqa: F401  (registers system checks)
        from caucus.accounts.mfa import _on_authenticator_added

        # Setting up an authenticator proves it in this session (accounts/mfa.py).
        authenticator_added.connect(_on_authenticator_added, dispatch_uid="caucus-mfa-setup")
