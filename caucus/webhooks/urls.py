"""The webhooks pages, under a coalition's and an organization's management pages."""

from django.urls import path

from caucus.webhooks.views import webhooks

app_name = "webhooks"
urlpatterns = [
    path(f"{prefix}/<slug:{key}>/webhooks/{tail}", view, name=name)
    for prefix, key in (("coalitions", "coalition"), ("orgs", "organization"))
    for tail, view, name in (
        ("", webhooks.webhook_list, "list"),
        ("<int:pk>/ping/", webhooks.webhook_ping, "ping"),
        ("<int:pk>/delete/", webhooks.webhook_delete, "delete"),
    )
]
