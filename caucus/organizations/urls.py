from django.urls import path

from caucus.organizations import views
from caucus.organizations.translatable import ORGANIZATION
from caucus.translations.views import translation_urls

app_name = "organizations"
urlpatterns = [
    path("invitations/<str:token>/", views.accept_invitation, name="invitation"),
    path("orgs/<slug:slug>/", views.manage, name="manage"),
    path("orgs/<slug:slug>/edit/", views.edit, name="edit"),
    path("orgs/<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "orgs/<slug:slug>/invitations/<int:pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("orgs/<slug:slug>/members/<int:pk>/role/", views.change_role, name="change_role"),
    path("orgs/<slug:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("orgs/<slug:slug>/bodies/new/", views.create_body, name="create_body"),
    path("orgs/<slug:slug>/audit/", views.audit, name="audit"),
    *translation_urls("orgs/<slug:slug>/", ORGANIZATION),
]
