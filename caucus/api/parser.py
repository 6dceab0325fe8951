"""The API's JSON parser: refuses, before any schema or form sees it, text no field can store.

JSON may carry "\\ud800" (half of a UTF-16 pair with no other half) or "\\u0000". Python
decodes both, but neither can be encoded as UTF-8 for SQLite nor stored by PostgreSQL, so a
save failed with a 500 wherever a schema typed a field `str`. Checking here covers every
string in every body, keys included, whatever its schema says: the caller gets a 422 that
names the place, in the shape of schema errors (caucus/api/errors.py), and nothing changes.
"""

import json
import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser

# NUL, and any surrogate code point: a proper pair is decoded by json into one character,
# so whatever surrogate is left in a decoded string is alone.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class RefusedBody(ValueError):
    """A JSON body refused before any schema sees it; `errors` in the shape of schema errors."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__(errors)
        self.errors = errors


class UnstorableText(RefusedBody):
    """A JSON body with text that cannot be stored."""


def _text_message() -> str:  # translated when called, in the request's language
    return _("This text contains a character that cannot be stored (NUL or a lone surrogate).")


def _key_message() -> str:
    return _("A field name contains a character that cannot be stored.")


def _error(loc: list, message: str) -> dict:
    return {"loc": loc, "msg": message, "type": "unstorable_text"}


def unstorable(data: Any) -> list[dict]:
    """Where in decoded JSON a string or a key holds NUL or a lone surrogate (walked without
    recursion: json.loads accepts nesting deeper than a recursive walk would)."""
    errors: list[dict] = []
    stack: list[tuple[list, Any]] = [(["body"], data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if UNSTORABLE.search(value):
                errors.append(_error(loc, _text_message()))
        elif isinstance(value, dict):
            for key, item in value.items():
                if UNSTORABLE.search(key):
                    errors.append(_error(loc, _key_message()))
                else:
                    stack.append(([*loc, key], item))
        elif isinstance(value, list):
            stack.extend(([*loc, index], item) for index, item in enumerate(value))
    errors.sort(key=lambda error: [str(part) for part in error["loc"]])
    return errors


class TextParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            # Every body of this API is an object. Ninja would read the fields of a list,
            # a string or a number as absent, so `[null, null]` was a PATCH that changed
            # nothing and answered 200.
            message = _("The body must be a JSON object.")
            raise RefusedBody([{"loc": ["body"], "msg": message, "type": "object_type"}])
        errors = unstorable(data)
        if errors:
            # ninja turns any parser error into a 400 "Cannot parse request body" raised
            # `from` it; errors.py finds a RefusedBody as its cause and answers 422 instead.
            raise UnstorableText(errors)
        return data
