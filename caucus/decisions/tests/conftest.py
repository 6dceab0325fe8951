"""Every decisions test starts from the real clock (see helpers.Clock)."""

import pytest

from caucus.decisions.tests.helpers import Clock


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    Clock.reset()
