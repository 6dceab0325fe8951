"""Submitting an admin change form as the page shows it, with some values changed."""

from django.forms import BaseForm


def _values(form: BaseForm) -> dict[str, str]:
    data: dict[str, str] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = ",".join(str(v) for v in value)  # raw-id style; selects take the first
        else:
            data[key] = str(value.pk if hasattr(value, "pk") else value)
    return data


def post_back(client, url: str, changes: dict[str, str]):
    """GET the admin's change page at `url`, then POST its own values (the main form and
    every inline formset with its management form) updated with `changes`."""
    context = client.get(url).context
    data = _values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_values(formset.management_form))
        for form in formset.forms:
            data.update(_values(form))
    data.update(changes)
    return client.post(url, data)
