"""Meetings, motions, votes and their ledger: how a coalition decides and proves what it decided.

One module per noun; this package is the app's `models` for Django and for callers.
"""

from caucus.decisions.models.keys import BallotKey, BallotKeyState, LedgerKey, SignedHeight
from caucus.decisions.models.meetings import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ChangeKind,
    Meeting,
    MeetingChange,
    MinutesVersion,
)
from caucus.decisions.models.votes import (
    DecisionSettings,
    EntryKind,
    HeadEvent,
    HeadPost,
    LedgerEntry,
    Motion,
    MotionState,
    Vote,
    VoteState,
    VotingWeight,
    parse_iso,
)

__all__ = [
    "ActionItem",
    "ActionStatus",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "BallotKey",
    "BallotKeyState",
    "ChangeKind",
    "DecisionSettings",
    "EntryKind",
    "HeadEvent",
    "HeadPost",
    "LedgerEntry",
    "LedgerKey",
    "Meeting",
    "MeetingChange",
    "MinutesVersion",
    "Motion",
    "MotionState",
    "SignedHeight",
    "Vote",
    "VoteState",
    "VotingWeight",
    "parse_iso",
]
