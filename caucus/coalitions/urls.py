from django.urls import path

from caucus.coalitions.translatable import COALITION
from caucus.coalitions.views import memberships as views
from caucus.translations.views import translation_urls

app_name = "coalitions"
urlpatterns = [
    path("coalitions/new/", views.create, name="create"),
    path("coalitions/<slug:slug>/", views.manage, name="manage"),
    path("coalitions/<slug:slug>/edit/", views.edit, name="edit"),
    path("coalitions/<slug:slug>/invite/", views.invite, name="invite"),
    path("coalitions/<slug:slug>/respond/<slug:org_slug>/", views.respond, name="respond"),
    path("coalitions/<slug:slug>/leave/<slug:org_slug>/", views.leave, name="leave"),
    path(
        "coalitions/<slug:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"
    ),
    path("coalitions/<slug:slug>/platform/", views.platform, name="platform"),
    path(
        "coalitions/<slug:slug>/platform/history/", views.platform_history, name="platform_history"
    ),
    path("coalitions/<slug:slug>/coordinators/add/", views.add_coordinator, name="add_coordinator"),
    path(
        "coalitions/<slug:slug>/coordinators/<int:pk>/remove/",
        views.remove_coordinator,
        name="remove_coordinator",
    ),
    path("coalitions/<slug:slug>/audit/", views.audit, name="audit"),
    *translation_urls("coalitions/<slug:slug>/", COALITION),
]
