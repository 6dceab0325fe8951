"""Helpers shared by forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

from caucus.lib.bidi import isolate


def form_status(*forms_shown: forms.Form | None) -> int:
    """The status of a page that shows forms: 400 when one of them was refused, else 200
    (a refused form re-rendered with its errors is still an answer to a bad request)."""
    return 400 if any(form is not None and form.errors for form in forms_shown) else 200


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field when it names fields.

    An unbound form (a GET, or a form made only to carry the error) has no cleaned_data,
    which Form.add_error needs; it gets an empty one.
    """
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class NamesChoiceField(forms.ModelMultipleChoiceField):
    """Choices labelled with names (organizations as check boxes): each label isolated
    (<bdi>), so a Latin name keeps its order on an Arabic page (issue 14)."""

    def label_from_instance(self, obj) -> SafeString:
        return isolate(super().label_from_instance(obj))
