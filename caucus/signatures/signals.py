"""Signals signatures send for other apps (webhooks); signatures never imports its listeners.

signature_confirmed(sender=Signature, signature_id=...): a person's signature was confirmed
by its email link (sent after the commit).
"""

from django.dispatch import Signal

signature_confirmed = Signal()
