"""What the campaigns endpoints share: the router, and query errors in the API's shape."""

import uuid

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import ValidationError as SchemaError

from caucus.api.schemas import ERRORS, ErrorOut
from caucus.campaigns.near import Origin, resolve

router = Router(tags=["campaigns"])
# A link's token that is expired or already used is refused with 400, a forged one with 404.
LINK_ERRORS = {**ERRORS, 400: ErrorOut}


def valid_query(form) -> dict:
    """A query form's cleaned data, or its errors as schema errors at ["query", name] (422),
    as the API reports a bad query parameter everywhere."""
    if form.is_valid():
        return form.cleaned_data
    errors = []
    for field, field_errors in form.errors.as_data().items():
        loc = ["query"] if field == NON_FIELD_ERRORS else ["query", field]
        for error in field_errors:
            errors.extend(
                {"loc": loc, "msg": str(message), "type": error.code or "invalid"}
                for message in error.messages
            )
    raise SchemaError(errors)


def bad_query(name: str, message: str) -> SchemaError:
    return SchemaError([{"loc": ["query", name], "msg": message, "type": "invalid_choice"}])


def near_origin(*, near, near_country, near_lat, near_lon, radius_km) -> Origin | None:
    """The point of a `near` query, or None without one; a 422 naming the parameter when
    the city is unknown or shared by several, or a coordinate comes alone."""
    if (near_lat is None) != (near_lon is None):
        raise bad_query("near_lon", _("Give both near_lat and near_lon."))
    if near_lat is not None:
        return Origin(near_lat, near_lon)
    if not near:
        if near_country or radius_km is not None:
            raise bad_query("near", _("Give the city (near) or near_lat and near_lon."))
        return None
    origin, choices = resolve(near, near_country)
    if origin is not None:
        return origin
    if choices:
        codes = ", ".join(sorted({c.country for c in choices}))
        raise bad_query(
            "near_country",
            _("Several cities are called %(city)s: give near_country, one of %(codes)s.")
            % {"city": near, "codes": codes},
        )
    raise bad_query("near", _("No city of the list is called %(city)s.") % {"city": near})


def uid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None
