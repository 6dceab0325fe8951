"""Workflows of meetings, motions and votes, shared by the web views, the API and commands.

One module per noun: meetings, agenda, minutes (with attendance), plan, motions, votes and
ballots. Callers in this app and the API import the module they need; the names below are
re-exported for the other apps' callers only (their tests schedule meetings and cast ballots).
"""

from caucus.decisions.services.ballots import ballot_cast
from caucus.decisions.services.meetings import meeting_schedule, meeting_update
from caucus.decisions.services.votes import close_if_due

__all__ = ["ballot_cast", "close_if_due", "meeting_schedule", "meeting_update"]
