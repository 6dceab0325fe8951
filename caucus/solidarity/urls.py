from django.urls import path

from caucus.solidarity.feeds import CaseUpdatesAtomFeed, CaseUpdatesFeed
from caucus.solidarity.translatable import CASE
from caucus.solidarity.views import cases as views
from caucus.solidarity.views import workspace
from caucus.translations.views import translation_urls

app_name = "solidarity"
C = "coalitions/<slug:slug>/cases/"
K = C + "<slug:case_slug>/"
urlpatterns = [
    # Public.
    path("cases/", views.case_list, name="list"),
    path("cases/calendar/<slug:slug>.ics", views.hearings_ical, name="hearings_ical"),
    path("cases/follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("cases/follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("cases/<slug:slug>/", views.case_detail, name="case"),
    path("cases/<slug:slug>/print/", views.case_print, name="print"),
    path("cases/<slug:slug>/photo/", views.case_photo, name="photo"),
    path("cases/<slug:slug>/follow/", views.follow, name="follow"),
    path("cases/<slug:slug>/feed/rss/", CaseUpdatesFeed(), name="rss"),
    path("cases/<slug:slug>/feed/atom/", CaseUpdatesAtomFeed(), name="atom"),
    # Coordinators and editors of the case's organization.
    path(C, workspace.case_index, name="index"),
    path(C + "new/", workspace.case_new, name="new"),
    path(K, workspace.case_manage, name="manage"),
    path(K + "edit/", workspace.case_edit, name="edit"),
    *translation_urls(K, CASE),
    path(K + "photo/", workspace.case_photo, name="private_photo"),
    path(K + "timeline/new/", workspace.entry_new, name="entry_new"),
    path(K + "timeline/<int:pk>/edit/", workspace.entry_edit, name="entry_edit"),
    path(K + "timeline/<int:pk>/delete/", workspace.entry_delete, name="entry_delete"),
    path(K + "links/new/", workspace.link_new, name="link_new"),
    path(K + "links/<int:pk>/delete/", workspace.link_delete, name="link_delete"),
]
