from django.urls import path

from caucus.decisions.feeds import LedgerHeadsFeed
from caucus.decisions.views import agenda, meetings, votes

app_name = "decisions"
C = "coalitions/<slug:slug>/"
A = "meetings/<int:pk>/agenda/<int:item_pk>/"
urlpatterns = [
    path(C + "meetings/", meetings.meeting_list, name="meetings"),
    path(C + "meetings/new/", meetings.meeting_new, name="meeting_new"),
    path(C + "meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path(C + "meetings/<int:pk>/invitation.ics", meetings.meeting_ics_download, name="meeting_ics"),
    path(C + "meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(C + "meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path(C + "meetings/<int:pk>/agenda/", agenda.agenda_add, name="agenda_add"),
    path(C + A + "edit/", agenda.agenda_edit, name="agenda_edit"),
    path(C + A + "move/", agenda.agenda_move, name="agenda_move"),
    path(C + A + "remove/", agenda.agenda_remove, name="agenda_remove"),
    path(C + "meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path(C + "meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path(
        C + "meetings/<int:pk>/minutes/<int:number>/approve/",
        meetings.minutes_approve,
        name="minutes_approve",
    ),
    path(C + "actions/", meetings.action_list, name="actions"),
    path(C + "actions/new/", meetings.action_new, name="action_new"),
    path(C + "actions/<int:pk>/status/", meetings.action_status, name="action_status"),
    path(C + "motions/", votes.motion_list, name="motions"),
    path(C + "motions/new/", votes.motion_new, name="motion_new"),
    path(C + "motions/<int:pk>/", votes.motion_detail, name="motion"),
    path(C + "motions/<int:pk>/edit/", votes.motion_edit, name="motion_edit"),
    path(C + "motions/<int:pk>/vote/", votes.vote_new, name="vote_new"),
    path(C + "weights/", votes.weights, name="weights"),
    path(C + "votes/<int:pk>/", votes.vote_detail, name="vote"),
    path(C + "votes/<int:pk>/ballot/", votes.ballot, name="ballot"),
    path(C + "votes/<int:pk>/ledger/", votes.ledger_page, name="ledger"),
    path(C + "votes/<int:pk>/ledger.json", votes.ledger_json, name="ledger_json"),
    path(C + "votes/<int:pk>/verify/", votes.verify_page, name="verify"),
    path("c/<slug:slug>/ledger-heads/atom/", LedgerHeadsFeed(), name="heads_feed"),
]
