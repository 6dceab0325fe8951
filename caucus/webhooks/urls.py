"""The webhooks pages, under a coalition's and an organization's management pages."""

from django.urls import path

from caucus.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path(f"{prefix}/<slug:{key}>/webhooks/{tail}", view, name=name)
    for prefix, key in (("coalitions", "coalition"), ("orgs", "organization"))
    for tail, view, name in (
        ("", views.webhook_list, "list"),
        ("<int:pk>/ping/", views.webhook_ping, "ping"),
        ("<int:pk>/delete/", views.webhook_delete, "delete"),
    )
]
