"""Topics as a translatable kind (caucus/translations): the vocabulary is the operators', so
are its translations (an operator with a second factor)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caucus.accounts.mfa import has_mfa
from caucus.topics.models import Topic
from caucus.translations.kinds import Translatable


def get_topic_for_operator(request, slug: str) -> Topic:
    topic = get_object_or_404(Topic, slug=slug)
    user = request.user
    if not (user.is_authenticated and user.is_staff and user.has_perm("topics.change_topic")):
        raise PermissionDenied(_("Only the site's operators keep the topics."))
    if not has_mfa(user):
        raise PermissionDenied(_("Set up two-factor authentication first."))
    return topic


TOPIC = Translatable(
    name="topic",
    label=gettext_lazy("topic"),
    model=Topic,
    namespace="topics",
    url_kwargs=lambda topic: {"slug": topic.slug},
    get_for_editor=get_topic_for_operator,
    page_url=lambda topic: reverse("public:topic", args=[topic.slug]),
    back_url=lambda topic: reverse("public:topic", args=[topic.slug]),
    scope=lambda topic: {},
)
