from django.urls import path

from caucus.organizations.translatable import ORGANIZATION
from caucus.organizations.views import bodies, invitations, members, organizations
from caucus.translations.views.translations import translation_urls

app_name = "organizations"
urlpatterns = [
    path("invitations/<str:token>/", invitations.accept_invitation, name="invitation"),
    path("orgs/<slug:slug>/", organizations.manage, name="manage"),
    path("orgs/<slug:slug>/edit/", organizations.edit, name="edit"),
    path("orgs/<slug:slug>/invite/", invitations.invite, name="invite"),
    path(
        "orgs/<slug:slug>/invitations/<int:pk>/revoke/",
        invitations.revoke_invitation,
        name="revoke_invitation",
    ),
    path("orgs/<slug:slug>/members/<int:pk>/role/", members.change_role, name="change_role"),
    path("orgs/<slug:slug>/members/<int:pk>/remove/", members.remove_member, name="remove_member"),
    path("orgs/<slug:slug>/bodies/new/", bodies.create_body, name="create_body"),
    path("orgs/<slug:slug>/audit/", organizations.audit, name="audit"),
    *translation_urls("orgs/<slug:slug>/", ORGANIZATION),
]
