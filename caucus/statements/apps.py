from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "caucus.statements"
    label = "statements"
    verbose_name = _("Statements")

    def ready(self) -> None:
        # Cache invalidation only: a saved statement or translation starts a new page generation.
        from caucus.statements.cache import forget_on_save
        from caucus.statements.models import Publication, Republication, Statement, Translation

        for model in (Statement, Translation, Publication, Republication):
            post_save.connect(forget_on_save, sender=model, dispatch_uid=f"page-{model.__name__}")
            post_delete.connect(
                forget_on_save, sender=model, dispatch_uid=f"page-del-{model.__name__}"
            )
