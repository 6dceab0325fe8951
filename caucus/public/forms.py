"""Form fields for the site's tag vocabulary, used by the apps whose items carry topics."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caucus.public.models import Topic


def topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.values_list("slug", "name"))


class TopicsField(forms.MultipleChoiceField):
    """Topics from the site's vocabulary (kept by operators), stored as a list of slugs."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("The site's topic pages and feeds list this item."))
        super().__init__(choices=topic_choices, **kwargs)
