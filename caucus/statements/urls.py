from django.urls import path

from caucus.statements import feeds, reading
from caucus.statements.translatable import STATEMENT
from caucus.statements.views import amendments, drafting, lifecycle, statements, versions
from caucus.translations.views.translations import translation_urls

app_name = "statements"
urlpatterns = [
    # Public reading.
    path("s/<slug:slug>/", reading.detail, name="detail"),
    path("s/<slug:slug>/print/", reading.printable, name="print"),
    path("s/<slug:slug>/embed/", reading.embed, name="embed"),
    path("s/<slug:slug>/share/mastodon/", reading.share_mastodon, name="share_mastodon"),
    path("s/<slug:slug>/via/<slug:org_slug>/", reading.republication, name="republication"),
    path("s/<slug:slug>/versions/", versions.versions, name="versions"),
    path("s/<slug:slug>/versions/<int:number>/", versions.version_detail, name="version"),
    path("s/<slug:slug>/compare/", versions.compare, name="compare"),
    path("statements/", reading.index, name="index"),
    path("statements/topic/<slug:topic>/", reading.index, name="topic"),
    # Feeds.
    path("statements/rss/", feeds.StatementFeed(), name="feed_rss"),
    path("statements/atom/", feeds.atom(feeds.StatementFeed)(), name="feed_atom"),
    path("statements/topic/<slug:topic>/rss/", feeds.TopicFeed(), name="topic_rss"),
    path("statements/topic/<slug:topic>/atom/", feeds.atom(feeds.TopicFeed)(), name="topic_atom"),
    path("statements/org/<slug:slug>/rss/", feeds.OrganizationFeed(), name="organization_rss"),
    path(
        "statements/org/<slug:slug>/atom/",
        feeds.atom(feeds.OrganizationFeed)(),
        name="organization_atom",
    ),
    path("statements/coalition/<slug:slug>/rss/", feeds.CoalitionFeed(), name="coalition_rss"),
    path(
        "statements/coalition/<slug:slug>/atom/",
        feeds.atom(feeds.CoalitionFeed)(),
        name="coalition_atom",
    ),
    # Drafting.
    path("orgs/<slug:slug>/statements/", statements.organization_list, name="organization_list"),
    path("orgs/<slug:slug>/statements/new/", statements.create_for_org, name="create_for_org"),
    path("coalitions/<slug:slug>/statements/", statements.coalition_list, name="coalition_list"),
    path(
        "coalitions/<slug:slug>/statements/new/",
        statements.create_for_coalition,
        name="create_for_coalition",
    ),
    path("s/<slug:slug>/draft/", drafting.workspace, name="workspace"),
    path("s/<slug:slug>/edit/", drafting.edit_text, name="edit_text"),
    path("s/<slug:slug>/details/", drafting.edit_details, name="edit_details"),
    path("s/<slug:slug>/open/", lifecycle.open_for_signatures, name="open"),
    path("s/<slug:slug>/publish/", lifecycle.publish, name="publish"),
    path("s/<slug:slug>/withdraw/", lifecycle.withdraw, name="withdraw"),
    path("s/<slug:slug>/amendments/new/", amendments.amendment_new, name="amendment_new"),
    path(
        "s/<slug:slug>/amendments/<int:number>/",
        amendments.amendment_detail,
        name="amendment",
    ),
    path(
        "s/<slug:slug>/amendments/<int:number>/accept/",
        amendments.amendment_accept,
        name="amendment_accept",
    ),
    path(
        "s/<slug:slug>/amendments/<int:number>/rebase/",
        amendments.amendment_rebase,
        name="amendment_rebase",
    ),
    path(
        "s/<slug:slug>/amendments/<int:number>/reject/",
        amendments.amendment_reject,
        name="amendment_reject",
    ),
    *translation_urls("s/<slug:slug>/", STATEMENT),
    path("s/<slug:slug>/republish/", amendments.republish, name="republish"),
]
