from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "caucus.public"
    label = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from caucus.public import devmail, publishers  # noqa: F401 — devmail: its system check

        publishers.connect()
