"""Signals campaigns send for other apps (webhooks); campaigns never imports its listeners.

rsvp_confirmed(sender=Rsvp, rsvp_id=...): a person confirmed their RSVP by its email link
(sent after the commit).
"""

from django.dispatch import Signal

rsvp_confirmed = Signal()
