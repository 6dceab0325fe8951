from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    """The site's topic vocabulary, below the domain apps that tag their items with it."""

    name = "caucus.topics"
    label = "topics"
    verbose_name = _("Topics")
