from django.urls import path

from caucus.campaigns import views, views_calendar, views_events, views_feeds, views_near
from caucus.campaigns.translatable import CAMPAIGN
from caucus.translations.views import translation_urls

app_name = "campaigns"
urlpatterns = [
    path(
        "campaigns/of/<slug:coalition_slug>/", views.coalition_campaigns, name="coalition_campaigns"
    ),
    path("campaigns/of/<slug:coalition_slug>/new/", views.create_campaign, name="create"),
    path("campaigns/reader-zone/", views.set_reader_zone, name="reader_zone"),
    path("campaigns/<slug:slug>/", views.campaign, name="campaign"),
    path("campaigns/<slug:slug>/map/", views.campaign_map, name="map"),
    path("campaigns/<slug:slug>/near/", views_near.near, name="near"),
    path("campaigns/<slug:slug>/edit/", views.edit_campaign, name="edit"),
    *translation_urls("campaigns/<slug:slug>/", CAMPAIGN),
    path("campaigns/<slug:slug>/host/", views.host_form, name="host_form"),
    path("campaigns/<slug:slug>/hosts/", views.host_review_list, name="host_review_list"),
    path("campaigns/<slug:slug>/hosts/<uuid:uid>/review/", views.host_review, name="host_review"),
    path(
        "campaigns/<slug:slug>/hosts/<uuid:uid>/contact/", views.host_contact, name="host_contact"
    ),
    path(
        "campaigns/<slug:slug>/register/<slug:org_slug>/",
        views_events.register_event,
        name="register",
    ),
    path("campaigns/<slug:slug>/calendar/", views_calendar.calendar, name="calendar"),
    path("campaigns/<slug:slug>/calendar.ics", views_feeds.campaign_ics, name="campaign_ics"),
    path(
        "campaigns/<slug:slug>/countries/<str:country>/calendar.ics",
        views_feeds.country_ics,
        name="country_ics",
    ),
    path("campaigns/<slug:slug>/days/<int:pk>/calendar.ics", views_feeds.day_ics, name="day_ics"),
    path("campaigns/<slug:slug>/feed/rss/", views_feeds.CampaignEventsFeed(), name="rss"),
    path("campaigns/<slug:slug>/feed/atom/", views_feeds.CampaignEventsAtom(), name="atom"),
    path("campaigns/<slug:slug>/embed/", views_feeds.embed, name="embed"),
    path("campaigns/<slug:slug>/embed.json", views_feeds.embed_json, name="embed_json"),
    path(
        "events/new/<slug:org_slug>/", views_events.register_standalone, name="register_standalone"
    ),
    path(
        "events/org/<slug:org_slug>/calendar.ics",
        views_feeds.organization_ics,
        name="organization_ics",
    ),
    path("events/rsvp/confirm/<str:token>/", views_events.rsvp_confirm, name="rsvp_confirm"),
    path("events/rsvp/<str:token>/", views_events.rsvp_manage, name="rsvp_manage"),
    path("events/<uuid:uid>/", views_events.event, name="event"),
    path("events/<uuid:uid>/event.ics", views_events.event_ics, name="event_ics"),
    path("events/<uuid:uid>/edit/", views_events.edit_event, name="edit_event"),
    path("events/<uuid:uid>/status/", views_events.change_status, name="status"),
    path("events/<uuid:uid>/report/", views_events.report_event, name="report"),
    path(
        "events/<uuid:uid>/photos/<int:pk>/remove/",
        views_events.remove_photo,
        name="remove_photo",
    ),
    path("events/<uuid:uid>/rsvp/", views_events.rsvp, name="rsvp"),
    # After every campaigns/<slug>/… page, so that no campaign's page can be shadowed.
    path("campaigns/proposal/<str:token>/", views.host_amend, name="host_amend"),
]
