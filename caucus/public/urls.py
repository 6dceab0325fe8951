from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from caucus.public import browse, feeds, indexes
from caucus.public.sitemaps import SITEMAPS, cached_until_index_changes
from caucus.public.views import pages

app_name = "public"
urlpatterns = [
    path("", pages.home, name="home"),
    path("latest/", browse.latest, name="latest"),
    path("latest/rss/", feeds.LatestFeed(), name="latest_feed"),
    path("latest/atom/", feeds.LatestAtomFeed(), name="latest_atom"),
    path("topics/", browse.topics, name="topics"),
    path("topics/<slug:slug>/", browse.topic, name="topic"),
    path("topics/<slug:slug>/rss/", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic_atom"),
    path("regions/", browse.regions, name="regions"),
    path("regions/<slug:slug>/", browse.region, name="region"),
    path("regions/<slug:slug>/rss/", feeds.RegionFeed(), name="region_feed"),
    path("regions/<slug:slug>/atom/", feeds.RegionAtomFeed(), name="region_atom"),
    path("search/", browse.search, name="search"),
    path("robots.txt", browse.robots, name="robots"),
    path(
        "sitemap.xml",
        cached_until_index_changes(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_until_index_changes(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("campaigns/", indexes.campaigns, name="campaigns"),
    path("o/<slug:slug>/", pages.organization, name="organization"),
    path("c/<slug:slug>/", pages.coalition, name="coalition"),
]
