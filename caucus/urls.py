"""Top-level URLs: each app's urls.py, allauth, the API, the admin and the health check."""

import logging

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from caucus.api.api import urls as api_urls
from caucus.public.devmail import outbox
from caucus.public.views import dashboard
from caucus.public.views.health import healthz
from caucus.public.views.language import choose_language
from caucus.public.views.media import PUBLIC_FOLDERS, public_media

handler403 = "caucus.public.views.dashboard.permission_denied"
handler404 = "caucus.api.errors.not_found"  # JSON under /api/, else Django's page
handler500 = "caucus.api.errors.server_error"  # the same

urlpatterns = [
    path("", include("caucus.public.urls")),
    path("", include("caucus.organizations.urls")),
    path("", include("caucus.coalitions.urls")),
    path("", include("caucus.statements.urls")),
    path("", include("caucus.signatures.urls")),
    path("", include("caucus.campaigns.urls")),
    path("", include("caucus.decisions.urls")),
    path("", include("caucus.solidarity.urls")),
    path("", include("caucus.topics.urls")),
    path("", include("caucus.federation.urls")),
    path("", include("caucus.webhooks.urls")),
    # The dashboard keeps the name accounts:dashboard that links and LOGIN_REDIRECT_URL use.
    path("dashboard/", include(([path("", dashboard.dashboard, name="dashboard")], "accounts"))),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),  # POST, Django's own
    path("i18n/language/", choose_language, name="choose_language"),
    path("api/tokens/", include("caucus.api.urls")),
    path("api/", api_urls()),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("dev/outbox/", outbox, name="dev_outbox"),  # demo instances only (404 otherwise)
    path("", include("caucus.ops.urls")),  # /metrics
]

# bench/'s baselines, among them an unauthenticated insert: routed with CAUCUS_BENCH, and never
# with HTTPS on. manage.py refuses the pair (caucus.E005), but granian runs no system checks,
# so the routing itself must not depend on them.
if settings.CAUCUS_BENCH and settings.HTTPS:
    logging.getLogger("caucus").error(
        "CAUCUS_BENCH is on while HTTPS is on: bench/'s baselines are not routed."
    )
elif settings.CAUCUS_BENCH:
    urlpatterns.append(path("bench/", include("bench.urls")))

if not settings.S3_BUCKET:
    # Public uploads (media.PUBLIC_FOLDERS) from local storage; behind a proxy, serve
    # only these folders from it. Case photos are never here: solidarity's view serves them,
    # and refuses those of protected cases. The pattern is only a first sieve: the view checks
    # the path after decoding and normalizing it (caucus/public/views/media.py).
    folders = "|".join(PUBLIC_FOLDERS)
    urlpatterns.append(re_path(rf"^media/(?P<path>(?:{folders})/.+)$", public_media))
