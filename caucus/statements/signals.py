"""Signals statements send for other apps; statements itself never imports its listeners.

revision_published(sender=Statement, statement=...): a new version became the published text
of an already public statement (sent after the commit).
went_public(sender=Statement, statement=...): a first publication reached its time (sent once,
by the task that records it).
"""

from django.dispatch import Signal

revision_published = Signal()
went_public = Signal()
