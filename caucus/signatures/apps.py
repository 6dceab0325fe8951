from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _revision_published(sender, statement, **kwargs) -> None:
    from caucus.signatures.tasks import ask_to_reconfirm

    ask_to_reconfirm.enqueue(statement.pk)


class SignaturesConfig(AppConfig):
    name = "caucus.signatures"
    label = "signatures"
    verbose_name = _("Signatures")

    def ready(self) -> None:
        from caucus.statements.signals import revision_published

        # Organizations that signed an earlier text are asked to re-confirm (issue 4, point 5).
        revision_published.connect(_revision_published, dispatch_uid="signatures-reconfirm")
