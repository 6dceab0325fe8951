"""The webhooks page's form: an endpoint and the events it hears (services check them again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caucus.webhooks.models import EventKind


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Endpoint URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address on a public host. Caucus POSTs each event to it."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=EventKind.values,
    )
