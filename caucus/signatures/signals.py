"""Signals signatures send for other apps (webhooks); signatures never imports its listeners.

signature_confirmed(sender=Signature, signature_id=...): a person's signature was confirmed
by its email link (sent after the commit).

housekeeping(sender=None): the daily housekeeping (tasks.daily_housekeeping) is pruning; apps
above signatures prune what they keep on the same schedule (webhook deliveries) and answer
with a dict of counts for the task's result.
"""

from django.dispatch import Signal

signature_confirmed = Signal()
housekeeping = Signal()
