"""A pytest plugin that runs the tests as if today were another day, to find tests that will
start failing once the real date passes a date they write (a "time bomb"):

    FUTURE_CLOCK=2031-06-01 .venv/bin/python -m pytest -p caucus.testing.future_clock PATHS

Without FUTURE_CLOCK it does nothing. A test found this way should run on a fixed day
(caucus.test.on_test_day) rather than have its dates shifted.
"""

import datetime as dt
import os

import time_machine


def pytest_configure(config) -> None:
    when = os.environ.get("FUTURE_CLOCK")
    if when:
        moment = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        config._future_clock = time_machine.travel(moment)
        config._future_clock.start()


def pytest_unconfigure(config) -> None:
    if hasattr(config, "_future_clock"):
        config._future_clock.stop()
