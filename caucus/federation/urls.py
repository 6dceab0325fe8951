from django.urls import path

from caucus.federation import webfinger
from caucus.federation.views import collections, documents, inboxes

app_name = "federation"
A = "ap/actors/<int:pk>/"
urlpatterns = [
    path(".well-known/webfinger", webfinger.webfinger, name="webfinger"),
    path(".well-known/host-meta", webfinger.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", webfinger.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.1", webfinger.nodeinfo, name="nodeinfo"),
    path("ap/inbox", inboxes.shared_inbox, name="shared_inbox"),
    path("ap/actor", documents.instance_actor, name="instance_actor"),
    path("ap/actor/inbox", inboxes.instance_inbox, name="instance_inbox"),
    path("ap/actor/outbox", collections.instance_collection, name="instance_outbox"),
    path("ap/actor/followers", collections.instance_collection, name="instance_followers"),
    path("ap/actor/following", collections.instance_collection, name="instance_following"),
    path(A + "inbox", inboxes.inbox, name="inbox"),
    path(A + "outbox", collections.outbox, name="outbox"),
    path(A + "followers", collections.followers, name="followers"),
    path(A + "following", collections.following, name="following"),
    path(A + "followers/manage/", collections.followers_page, name="followers_page"),
    path("ap/activities/<uuid:uid>", documents.activity, name="activity"),
    path("ap/objects/<str:kind>/<int:pk>", documents.object_view, name="object"),
]
