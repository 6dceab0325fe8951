"""Counters that every process shares through the database (emails sent by any worker)."""

from django.db import models
from django.db.models import F


class Counter(models.Model):
    """One monotonically increasing number, e.g. emails sent; read by /metrics at scrape time.

    Emails are sent by task workers, which may run on machines that serve no HTTP, so their
    counts cannot live in a process: one UPDATE per batch sent keeps them exact and cheap.
    """

    name = models.CharField(max_length=64, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"

    @classmethod
    def add(cls, name: str, amount: int) -> None:
        if amount <= 0:
            return
        if not cls.objects.filter(name=name).update(value=F("value") + amount):
            _, created = cls.objects.get_or_create(name=name, defaults={"value": amount})
            if not created:  # another process created it between our UPDATE and INSERT
                cls.objects.filter(name=name).update(value=F("value") + amount)
