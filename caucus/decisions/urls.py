from django.urls import path

from caucus.decisions.feeds import LedgerHeadsFeed
from caucus.decisions.views import agenda, keys, ledger, meetings, motions, votes

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
    path(C + "motions/", motions.motion_list, name="motions"),
    path(C + "motions/new/", motions.motion_new, name="motion_new"),
    path(C + "motions/<int:pk>/", motions.motion_detail, name="motion"),
    path(C + "motions/<int:pk>/edit/", motions.motion_edit, name="motion_edit"),
    path(C + "motions/<int:pk>/vote/", motions.vote_new, name="vote_new"),
    path(C + "weights/", motions.weights, name="weights"),
    path(C + "ballot-keys/", keys.coalition_keys, name="coalition_ballot_keys"),
    path(C + "votes/<int:pk>/", votes.vote_detail, name="vote"),
    path(C + "votes/<int:pk>/ballot/", votes.ballot, name="ballot"),
    path(C + "votes/<int:pk>/ballot/offline/", votes.ballot_offline, name="ballot_offline"),
    path(C + "votes/<int:pk>/ledger/", ledger.ledger_page, name="ledger"),
    path(C + "votes/<int:pk>/ledger.json", ledger.ledger_json, name="ledger_json"),
    path(
        C + "votes/<int:pk>/receipts/<str:tracker>.json", ledger.receipt_json, name="receipt_json"
    ),
    path(C + "votes/<int:pk>/verify/", ledger.verify_page, name="verify"),
    path("c/<slug:slug>/ledger-heads/atom/", LedgerHeadsFeed(), name="heads_feed"),
    path("orgs/<slug:slug>/ballot-keys/", keys.key_list, name="ballot_keys"),
    path("orgs/<slug:slug>/ballot-keys/<int:pk>/approve/", keys.key_approve, name="key_approve"),
    path("orgs/<slug:slug>/ballot-keys/<int:pk>/revoke/", keys.key_revoke, name="key_revoke"),
    path("verify/", ledger.verify_guide, name="verify_guide"),
    path("verify/<str:name>", ledger.tool_download, name="tool"),
    path("ledger-keys.json", ledger.ledger_keys_json, name="ledger_keys"),
]
