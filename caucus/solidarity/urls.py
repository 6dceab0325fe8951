from django.urls import path

from caucus.solidarity.feeds import CaseUpdatesAtomFeed, CaseUpdatesFeed
from caucus.solidarity.translatable import CASE
from caucus.solidarity.views import cases, following, hearings, links, timeline, workspace
from caucus.translations.views import translation_urls

app_name = "solidarity"
C = "coalitions/<slug:slug>/cases/"
K = C + "<slug:case_slug>/"
urlpatterns = [
    # Public.
    path("cases/", cases.case_list, name="list"),
    path("cases/calendar/<slug:slug>.ics", hearings.hearings_ical, name="hearings_ical"),
    path("cases/follow/confirm/<str:token>/", following.confirm, name="confirm"),
    path("cases/follow/unsubscribe/<str:token>/", following.unsubscribe, name="unsubscribe"),
    path("cases/<slug:slug>/", cases.case_detail, name="case"),
    path("cases/<slug:slug>/print/", cases.case_print, name="print"),
    path("cases/<slug:slug>/photo/", cases.case_photo, name="photo"),
    path("cases/<slug:slug>/follow/", following.follow, name="follow"),
    path("cases/<slug:slug>/feed/rss/", CaseUpdatesFeed(), name="rss"),
    path("cases/<slug:slug>/feed/atom/", CaseUpdatesAtomFeed(), name="atom"),
    # Coordinators and editors of the case's organization.
    path(C, workspace.case_index, name="index"),
    path(C + "new/", workspace.case_new, name="new"),
    path(K, workspace.case_manage, name="manage"),
    path(K + "edit/", workspace.case_edit, name="edit"),
    *translation_urls(K, CASE),
    path(K + "photo/", workspace.case_photo, name="private_photo"),
    path(K + "timeline/new/", timeline.entry_new, name="entry_new"),
    path(K + "timeline/<int:pk>/edit/", timeline.entry_edit, name="entry_edit"),
    path(K + "timeline/<int:pk>/delete/", timeline.entry_delete, name="entry_delete"),
    path(K + "links/new/", links.link_new, name="link_new"),
    path(K + "links/<int:pk>/delete/", links.link_delete, name="link_delete"),
]
