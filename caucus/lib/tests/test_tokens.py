import datetime as dt

import pytest
import time_machine

from caucus.lib.tokens import StateToken, TokenExpired, TokenForged, TokenUsed

tokens = StateToken(salt="test", max_age=60)


def test_a_token_round_trips():
    token = tokens.make(42, "state-a")
    assert tokens.read_pk(token) == 42
    tokens.check_state(token, "state-a")


def test_a_changed_state_kills_the_token():
    token = tokens.make(42, "state-a")
    with pytest.raises(TokenUsed):
        tokens.check_state(token, "state-b")


def test_a_tampered_token_is_forged():
    token = tokens.make(42, "state-a")
    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), "", "garbage", token + "x"]:
        with pytest.raises(TokenForged):
            tokens.read_pk(bad)


def test_another_purpose_cannot_read_it():
    with pytest.raises(TokenForged):
        StateToken(salt="other", max_age=60).read_pk(tokens.make(1, "s"))


def test_an_old_token_expires():
    token = tokens.make(42, "state-a")
    with time_machine.travel(dt.timedelta(seconds=61)):
        with pytest.raises(TokenExpired):
            tokens.read_pk(token)
