"""Forms for drafting statements, amendments, the lifecycle, translations and republication."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from caucus.lib.countries import language_choices
from caucus.lib.zones import clean_local_times, fold_field, get_zone, wall_clock, zone_choices
from caucus.statements.models import AmendmentKind, TranslationKind
from caucus.topics.forms import TopicsField

MAX_BODY = 100_000


class TagsField(forms.CharField):
    """Comma-separated tags, stored as a list of slugs."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", _("Separated by commas, e.g. labour-rights, chile."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        tags = []
        for part in text.split(","):
            tag = slugify(part)[:40]
            if tag and tag not in tags:
                tags.append(tag)
        if len(tags) > 12:
            raise ValidationError(_("At most 12 tags."))
        return tags


class MetaFormMixin(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, initial="en")
    dateline_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    dateline_place = forms.CharField(label=_("Place"), max_length=120, required=False)
    teaser = forms.CharField(
        label=_("Teaser"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences for index pages and feeds."),
    )
    topics = TopicsField()
    regions = TagsField(label=_("Regions"))


class TextFormMixin(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown. Links are allowed; raw HTML and off-site images are not."),
        strip=False,
    )

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise ValidationError(_("Write the text."))
        return body


class StatementCreateForm(TextFormMixin, MetaFormMixin):
    author = forms.ChoiceField(label=_("Author"))

    field_order = ["author", "title", "body", "language", "dateline_date", "dateline_place"]

    def __init__(self, *args, authors: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = authors
        if len(authors) == 1:
            self.fields["author"].widget = forms.HiddenInput()
            self.fields["author"].initial = authors[0][0]


MAX_GOAL = 2_000_000_000  # fits the column on every database


class StatementMetaForm(MetaFormMixin):
    """The details, and the terms of the public sign-on: a goal and a closing time, entered on
    the wall clock of a zone the editor picks and stored in UTC (caucus/lib/zones.py)."""

    signature_goal = forms.IntegerField(
        label=_("Signature goal"),
        required=False,
        min_value=1,
        max_value=MAX_GOAL,
        help_text=_("Optional: the page shows the count against it with a progress bar."),
    )
    signing_deadline = forms.DateTimeField(
        label=_("Signing closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional: after this time the page and the API take no new signature."),
    )
    signing_deadline_fold = fold_field(_("If this time happens twice"))
    signing_deadline_zone = forms.ChoiceField(
        label=_("Time zone of the closing time"),
        choices=zone_choices,
        initial="UTC",
        required=False,
    )

    MODEL_FIELDS = (
        *MetaFormMixin.base_fields,
        "signature_goal",
        "signing_deadline",
        "signing_deadline_zone",
    )

    def __init__(self, *args, current_deadline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_deadline = current_deadline

    @classmethod
    def initial_for(cls, statement) -> dict:
        """The statement's values as the form shows them: the closing time on its zone's clock."""
        initial = {name: getattr(statement, name) for name in cls.MODEL_FIELDS}
        zone = get_zone(statement.signing_deadline_zone) or get_zone("UTC")
        if statement.signing_deadline is not None:
            local, fold = wall_clock(statement.signing_deadline, zone)
            initial.update(signing_deadline=local, signing_deadline_fold=fold)
        return initial

    def clean(self):
        data = super().clean()
        data["signing_deadline_zone"] = data.get("signing_deadline_zone") or "UTC"
        fields = {"signing_deadline": "signing_deadline_fold"}
        instant = clean_local_times(self, data["signing_deadline_zone"], fields).get(
            "signing_deadline"
        )
        data["signing_deadline"] = instant
        # A closing time kept as it was may have passed; a new one must be ahead.
        if instant is not None and instant != self.current_deadline and instant <= now():
            self.add_error("signing_deadline", _("The closing time must be in the future."))
        return data

    def apply_to(self, statement) -> list[str]:
        """Set the cleaned values on `statement`; the names of the fields that changed."""
        changed = []
        for name in self.MODEL_FIELDS:
            value = self.cleaned_data[name]
            if getattr(statement, name) != value:
                setattr(statement, name, value)
                changed.append(name)
        return changed


class VersionForm(TextFormMixin):
    note = forms.CharField(
        label=_("What changed"), max_length=300, required=False, help_text=_("Optional.")
    )


class AmendmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AmendmentKind.choices, widget=forms.RadioSelect
    )
    passage = forms.CharField(
        label=_("Passage"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        help_text=_(
            "The words as they read in the text (select them there): the passage to replace "
            "or delete, or the words after which to insert."
        ),
    )
    replacement = forms.CharField(
        label=_("New text"),
        max_length=5000,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a replacement or an insertion."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_passage(self):
        passage = self.cleaned_data["passage"].replace("\r\n", "\n")
        if not passage.strip():
            raise ValidationError(_("Quote the passage the amendment is about."))
        return passage

    def clean_replacement(self):
        return self.cleaned_data["replacement"].replace("\r\n", "\n")


class RejectForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the proposer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now."),
    )
    published_at_fold = fold_field(_("If this time happens twice"))
    zone = forms.ChoiceField(
        label=_("Time zone"), choices=zone_choices, initial="UTC", required=False
    )

    def clean(self):
        data = super().clean()
        data["zone"] = data.get("zone") or "UTC"
        # The browser sends a wall-clock time; read it in the chosen zone, store UTC.
        data.update(clean_local_times(self, data["zone"], {"published_at": "published_at_fold"}))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown publicly where the statement was."),
    )


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    teaser = forms.CharField(label=_("Teaser"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 18})
    )
    translator = forms.CharField(label=_("Translator"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Made by"),
        choices=TranslationKind.choices,
        initial=TranslationKind.HUMAN,
        widget=forms.RadioSelect,
    )
    reviewed = forms.BooleanField(label=_("Reviewed by a person"), required=False)


class RepublishForm(forms.Form):
    organization = forms.ChoiceField(label=_("Republish for"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.slug, o.name) for o in organizations]


# A host name and an optional port: no scheme, path, query, user or backslash (audit #15).
_SERVER = re.compile(r"([^\s:/\\@?#]+)(?::([0-9]{1,5}))?")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def server_name(value: str) -> str | None:
    """`value` as an ASCII host name with an optional port (IDNA encoded), or None."""
    match = _SERVER.fullmatch(value.strip())
    if match is None:
        return None
    host, port = match.groups()
    try:
        host = host.removesuffix(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or labels[-1].isdigit():  # a dotted IP is no name
        return None
    if not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if port is not None and not 0 < int(port) < 65536:
        return None
    return f"{host}:{int(port)}" if port else host


class MastodonForm(forms.Form):
    instance = forms.CharField(
        label=_("Your Mastodon server"),
        max_length=253,
        help_text=_("Its name only, for example mastodon.social"),
    )

    def clean_instance(self) -> str:
        value = server_name(self.cleaned_data["instance"])
        if value is None:
            raise ValidationError(_("Enter only the server's name, such as mastodon.social."))
        return value
