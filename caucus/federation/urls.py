from django.urls import path

from caucus.federation import views, webfinger

app_name = "federation"
A = "ap/actors/<int:pk>/"
urlpatterns = [
    path(".well-known/webfinger", webfinger.webfinger, name="webfinger"),
    path(".well-known/host-meta", webfinger.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", webfinger.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.1", webfinger.nodeinfo, name="nodeinfo"),
    path("ap/inbox", views.shared_inbox, name="shared_inbox"),
    path("ap/actor", views.instance_actor, name="instance_actor"),
    path("ap/actor/inbox", views.instance_inbox, name="instance_inbox"),
    path("ap/actor/outbox", views.instance_collection, name="instance_outbox"),
    path("ap/actor/followers", views.instance_collection, name="instance_followers"),
    path("ap/actor/following", views.instance_collection, name="instance_following"),
    path(A + "inbox", views.inbox, name="inbox"),
    path(A + "outbox", views.outbox, name="outbox"),
    path(A + "followers", views.followers, name="followers"),
    path(A + "following", views.following, name="following"),
    path(A + "followers/manage/", views.followers_page, name="followers_page"),
    path("ap/activities/<uuid:uid>", views.activity, name="activity"),
    path("ap/objects/<str:kind>/<int:pk>", views.object_view, name="object"),
]
