from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "caucus.api"
    label = "api"
    verbose_name = "API"
