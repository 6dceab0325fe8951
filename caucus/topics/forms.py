"""Form fields for the site's tag vocabulary, used by the apps whose items carry topics."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from caucus.lib.translations import base_code
from caucus.topics.models import Topic


def topic_choices() -> list[tuple[str, str]]:
    """Each topic named in the editor's language where it has a translation."""
    language = base_code(get_language() or "")
    topics = Topic.objects.prefetch_related("translations")
    return [(topic.slug, topic.name_in(language)) for topic in topics]


class TopicsField(forms.MultipleChoiceField):
    """Topics from the site's vocabulary (kept by operators), stored as a list of slugs."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("The site's topic pages and feeds list this item."))
        super().__init__(choices=topic_choices, **kwargs)
