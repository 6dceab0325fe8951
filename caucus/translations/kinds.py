"""What the shared translation pages and API need to know about one translatable kind.

Each translatable app describes its kind once (`<app>/translatable.py`): its model, the guard
that lets an editor in, where its pages are, and how its audit entries are scoped. The views
in caucus/translations/views/ and the API's translation endpoints take that description.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class Translatable:
    name: str  # "campaign": audit entries and the API's paths
    label: Any  # its name for people, lazily translated
    model: type[Model]
    namespace: str  # URL names are f"{namespace}:translations", ":translation_new", ...
    url_kwargs: Callable[[Any], dict]
    # (request, **url kwargs) -> the source, for someone who may manage its translations;
    # raises Http404 / PermissionDenied / MFARequired otherwise.
    get_for_editor: Callable[..., Any]
    # The source's page where readers see it (a draft statement has none yet: "").
    page_url: Callable[[Any], str]
    back_url: Callable[[Any], str]  # the editor's own page for the source
    scope: Callable[[Any], dict]  # audit_record(organization=..., coalition=...)
    # Extra refusals of translated texts, {key: message} (a protected case's secret).
    check: Callable[[Any, dict[str, str]], dict[str, str]] = field(default=lambda s, t: {})
    # Why the source cannot be translated now (a withdrawn statement), or "".
    refuse: Callable[[Any], str] = field(default=lambda s: "")
    # Fields a new or replaced translation also gets (a statement's: the version it translates).
    also_set: Callable[[Any], dict] = field(default=lambda s: {})
    # The audit entry of a save: its action and data (statements keep their older sentence).
    saved_action: str = "translation.content_saved"
    audit_data: Callable[[Any], dict] | None = None

    def audit_entry(self, source: Any) -> dict:
        if self.audit_data is not None:
            return self.audit_data(source)
        return {"what": self.name, "name": str(source)}

    def url(self, view: str, source: Any, **extra: Any) -> str:
        return reverse(f"{self.namespace}:{view}", kwargs={**self.url_kwargs(source), **extra})

    def for_editor(self, request: HttpRequest, kwargs: dict) -> Any:
        return self.get_for_editor(request, **kwargs)
