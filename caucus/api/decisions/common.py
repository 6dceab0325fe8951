"""What the decisions endpoints share: the router, paths, and the web's forms with
organizations named by slug as everywhere else in the API."""

from django import forms
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError as SchemaError

from caucus.coalitions.models import Coalition
from caucus.decisions.forms import (
    ActionForm,
    MeetingForm,
    MotionForm,
)
from caucus.decisions.models import (
    Meeting,
)

router = Router(tags=["decisions"])
C = "/coalitions/{slug:slug}"
M = C + "/meetings/{int:pk}"


# --- The web's forms, with organizations named by slug as everywhere else in the API.


class _MotionApiForm(MotionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].to_field_name = "slug"
        self.fields["seconders"].to_field_name = "slug"


class _MeetingApiForm(MeetingForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].to_field_name = "slug"


class _ActionApiForm(ActionForm):
    """The web's form, plus the meeting the action was agreed at (one of the coalition's)."""

    def __init__(self, *args, coalition: Coalition, **kwargs):
        super().__init__(*args, coalition=coalition, **kwargs)
        self.fields["responsible"].to_field_name = "slug"
        self.fields["meeting"] = forms.ModelChoiceField(
            label=_("Meeting"), queryset=Meeting.objects.filter(coalition=coalition), required=False
        )


def _per_organization_invalid(form, key: str, organizations) -> SchemaError:
    """The refusal of a form with one field per organization (`org_<pk>`), as 422 errors at
    ["body", key, <slug>] so the caller sees which organization's value was wrong."""
    names = {f"org_{o.pk}": o.slug for o in organizations}
    errors = []
    for field, field_errors in form.errors.as_data().items():
        loc = ["body", key, names[field]] if field in names else ["body"]
        for error in field_errors:
            for message in error.messages:
                errors.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return SchemaError(errors)


def _unknown_organizations(sent, known: dict, key: str, message: str) -> None:
    unknown = [slug for slug in sent if slug not in known]
    if unknown:
        raise SchemaError(
            [{"loc": ["body", key, slug], "msg": message, "type": "invalid"} for slug in unknown]
        )


def _per_organization_data(sent: dict, organizations, current: dict, blank="") -> dict:
    """Form data for a partial update: stored values, with the sent ones (by slug) on top."""
    by_slug = {o.slug: o for o in organizations}
    data = {f"org_{o.pk}": current.get(o.pk, blank) for o in organizations}
    data.update({f"org_{by_slug[slug].pk}": value for slug, value in sent.items()})
    return data
