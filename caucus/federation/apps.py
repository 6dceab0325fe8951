from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "caucus.federation"
    label = "federation"
    verbose_name = "Federation"

    def ready(self) -> None:
        from caucus.federation import checks, receivers  # noqa: F401 — registers the checks

        receivers.connect()
