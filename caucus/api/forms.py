"""Forms of the API: binding JSON to the web's own forms, and the token page's one form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from caucus.api.models import ApiToken


def valid(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or its errors raised as one ValidationError (→ 422)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def patch_data(instance: models.Model, fields: list[str], changes: dict[str, Any]) -> dict:
    """Form data for a partial update: the stored values with the sent ones on top."""
    return {**forms.model_to_dict(instance, fields=fields), **changes}


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _("What the token is for, e.g. the script or tool that uses it.")}
