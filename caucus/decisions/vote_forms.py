"""Forms for votes: opening one, weights, ballots (signed or not) and ballot keys."""

import re

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django import forms
from django.utils.translation import gettext_lazy as _

from caucus.decisions.forms import LocalDateTimeInput
from caucus.decisions.methods import RULES
from caucus.decisions.services.ballots import Signed
from caucus.lib.bidi import isolate
from caucus.lib.zones import clean_local_times, fold_field, zone_choices
from caucus.organizations.models import Organization

CHOICE_LABELS = {
    "for": _("For"),
    "against": _("Against"),
    "abstain": _("Abstain"),
    "block": _("Block"),
}
SIGNED_FIELDS = ("key_id", "nonce", "time", "salt", "signature")
# What votes.vote_open takes from the form (the zone and folds only serve to clean the times).
VOTE_SETUP = (
    "rules",
    "quorum_percent",
    "threshold_percent",
    "recorded",
    "require_voter_signatures",
    "opens_at",
    "closes_at",
)


class VoteForm(forms.Form):
    rules = forms.MultipleChoiceField(
        label=_("Method"),
        choices=list(RULES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=["simple"],
        help_text=_("Every rule ticked must be met. Block is offered only with consensus."),
    )
    threshold_percent = forms.IntegerField(
        label=_("Threshold (percentage of eligible organizations)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum (percentage of active member organizations that must cast a ballot)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    opens_at = forms.DateTimeField(label=_("Opens (local time)"), widget=LocalDateTimeInput())
    opens_at_fold = fold_field(_("If the opening time happens twice"))
    closes_at = forms.DateTimeField(label=_("Closes (local time)"), widget=LocalDateTimeInput())
    closes_at_fold = fold_field(_("If the closing time happens twice"))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=(), initial="UTC")
    recorded = forms.BooleanField(
        label=_("Recorded vote: every member sees how each organization voted"),
        required=False,
        initial=True,
    )
    require_voter_signatures = forms.BooleanField(
        label=_("Only ballots signed with an organization's own key count"),
        required=False,
        help_text=_(
            "Then not even whoever runs this server can add or change a ballot unnoticed. "
            "Every member organization needs an active ballot key before the vote opens."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()

    def clean(self) -> dict:
        """The cleaned opens_at and closes_at are UTC instants (the manifest's times)."""
        cleaned = super().clean()
        times = {"opens_at": "opens_at_fold", "closes_at": "closes_at_fold"}
        cleaned.update(clean_local_times(self, cleaned.get("time_zone"), times))
        return cleaned

    def setup(self) -> dict:
        """The keyword arguments of votes.vote_open, for the web view and the API alike."""
        return {name: self.cleaned_data[name] for name in VOTE_SETUP}


class WeightsForm(forms.Form):
    """One weight per active member organization; 1 unless the coalition decides otherwise."""

    def __init__(self, *args, organizations, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        for org in organizations:
            self.fields[f"org_{org.pk}"] = forms.IntegerField(
                label=isolate(org.name), min_value=1, max_value=100, initial=current.get(org.pk, 1)
            )

    def weights(self) -> dict[int, int]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items()}


class BallotForm(forms.Form):
    """An organization's ballot; with the hidden fields a delegate's device filled in when it
    signed the ballot (all of them, or no signature: then the instance alone attests the
    ballot). Signing offline carries the nonce, time and salt alone to the signature step."""

    organization = forms.ModelChoiceField(
        label=_("For the organization"), queryset=Organization.objects.none(), to_field_name="slug"
    )
    choice = forms.ChoiceField(label=_("Your ballot"), widget=forms.RadioSelect, choices=())
    key_id = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    nonce = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    time = forms.CharField(required=False, max_length=27, widget=forms.HiddenInput)
    salt = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    signature = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)

    def __init__(self, *args, organizations, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        ).order_by("name")
        # A delegate of one eligible organization is not asked which (the page names it).
        self.single = organizations[0] if len(organizations) == 1 else None
        if self.single is not None:
            self.fields["organization"].initial = self.single.slug
            self.fields["organization"].widget = forms.HiddenInput()
        self.fields["choice"].choices = [(o, CHOICE_LABELS[o]) for o in options]

    def clean(self) -> dict:
        cleaned = super().clean()
        given = [name for name in SIGNED_FIELDS if cleaned.get(name)]
        if (cleaned.get("signature") or cleaned.get("key_id")) and len(given) != len(SIGNED_FIELDS):
            raise forms.ValidationError(_("The signature data is incomplete or damaged."))
        return cleaned

    def signed(self) -> Signed | None:
        data = self.cleaned_data
        if not data.get("signature"):
            return None
        return Signed(
            **{
                name: data[name].strip().lower() if name != "time" else data[name]
                for name in SIGNED_FIELDS
            }
        )


class OfflineSignatureForm(forms.Form):
    """The signature a delegate made with caucus_ballot.py, pasted back (works without
    JavaScript); the ballot's other fields travel hidden from the page that showed the text."""

    key_id = forms.ChoiceField(label=_("Key"), choices=())
    signature = forms.CharField(
        label=_("Signature"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The 128 hexadecimal characters that caucus_ballot.py sign printed."),
    )

    def __init__(self, *args, keys: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_id"].choices = [(k["key_id"], k["key_id"]) for k in keys]

    def clean_signature(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data["signature"]).lower()
        if not re.fullmatch(r"[0-9a-f]{128}", value):
            raise forms.ValidationError(_("A signature is 128 hexadecimal characters."))
        return value


class BallotKeyForm(forms.Form):
    """A public key to register for the organization: made by the browser, or pasted from
    `caucus_ballot.py keygen` (64 hexadecimal characters)."""

    label = forms.CharField(
        label=_("Device"),
        max_length=100,
        help_text=_("So you recognize the key later, e.g. “Dilan's laptop”."),
    )
    public_key = forms.CharField(
        label=_("Public key"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("64 hexadecimal characters, as caucus_ballot.py keygen prints them."),
    )

    def clean_public_key(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data["public_key"]).lower()
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("A public key is 64 hexadecimal characters."))
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(value))
        except ValueError:
            raise forms.ValidationError(_("This is not an Ed25519 public key.")) from None
        return value
