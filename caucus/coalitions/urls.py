from django.urls import path

from caucus.coalitions.translatable import COALITION
from caucus.coalitions.views import coalitions, coordinators, memberships, platform
from caucus.translations.views import translation_urls

app_name = "coalitions"
urlpatterns = [
    path("coalitions/new/", coalitions.create, name="create"),
    path("coalitions/<slug:slug>/", coalitions.manage, name="manage"),
    path("coalitions/<slug:slug>/edit/", coalitions.edit, name="edit"),
    path("coalitions/<slug:slug>/invite/", memberships.invite, name="invite"),
    path("coalitions/<slug:slug>/respond/<slug:org_slug>/", memberships.respond, name="respond"),
    path("coalitions/<slug:slug>/leave/<slug:org_slug>/", memberships.leave, name="leave"),
    path(
        "coalitions/<slug:slug>/members/<int:pk>/remove/",
        memberships.remove_member,
        name="remove_member",
    ),
    path("coalitions/<slug:slug>/platform/", platform.platform, name="platform"),
    path(
        "coalitions/<slug:slug>/platform/history/",
        platform.platform_history,
        name="platform_history",
    ),
    path(
        "coalitions/<slug:slug>/coordinators/add/",
        coordinators.add_coordinator,
        name="add_coordinator",
    ),
    path(
        "coalitions/<slug:slug>/coordinators/<int:pk>/remove/",
        coordinators.remove_coordinator,
        name="remove_coordinator",
    ),
    path("coalitions/<slug:slug>/audit/", coalitions.audit, name="audit"),
    *translation_urls("coalitions/<slug:slug>/", COALITION),
]
