"""Stateless signed tokens for email links: a token dies when the state it signs changes.

In the style of Django's PasswordResetTokenGenerator: the token carries an object id and a
digest of the object's state; accepting an invitation or revoking it changes that state, so
the same link cannot be used twice, and nothing secret needs storing.
"""

import hashlib
from dataclasses import dataclass

from django.core import signing


class TokenError(Exception):
    """Base class; `reason` is one of "forged", "expired", "used"."""

    reason = "forged"


class TokenForged(TokenError):
    reason = "forged"


class TokenExpired(TokenError):
    reason = "expired"


class TokenUsed(TokenError):
    reason = "used"


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class StateToken:
    """Tokens for one purpose (`salt`), valid for `max_age` seconds."""

    salt: str
    max_age: int

    def make(self, pk: int, state: str) -> str:
        return signing.dumps([pk, _digest(state)], salt=self.salt, compress=False)

    def read_pk(self, token: str) -> int:
        """The object id in a token, or TokenForged / TokenExpired."""
        try:
            pk, _state = signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.SignatureExpired as exc:
            raise TokenExpired from exc
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise TokenForged from exc
        if not isinstance(pk, int):
            raise TokenForged
        return pk

    def check_state(self, token: str, state: str) -> None:
        """TokenUsed if the object changed since the token was made."""
        _pk, digest = signing.loads(token, salt=self.salt)
        if digest != _digest(state):
            raise TokenUsed
