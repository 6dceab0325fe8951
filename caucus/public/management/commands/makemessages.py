"""makemessages that also extracts `_l(...)`, the lazy gettext alias some forms use."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
