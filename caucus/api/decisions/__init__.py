"""Decisions in the API: meetings (agenda, attendance, minutes), the joint action plan,
motions, opening votes and their weights, ballots with receipts, ledgers and verification,
and organizations' ballot keys.

Input is bound to the web's own forms (caucus/decisions/forms.py, vote_forms.py) and goes
through the same guards (caucus/decisions/permissions.py) and services, so a meeting scheduled
here is the meeting scheduled in the browser. Everything is for members of the coalition;
coordinators run meetings and votes; responsible organizations update their actions.
"""

from caucus.api.decisions import keys, meetings, plan, votes  # noqa: F401 — they add the endpoints
from caucus.api.decisions.common import router

__all__ = ["router"]
