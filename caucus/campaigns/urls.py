from django.urls import path

from caucus.campaigns.translatable import CAMPAIGN
from caucus.campaigns.views import calendar, campaigns, events, exports, feeds, hosts, near
from caucus.translations.views import translation_urls

app_name = "campaigns"
urlpatterns = [
    path(
        "campaigns/of/<slug:coalition_slug>/",
        campaigns.coalition_campaigns,
        name="coalition_campaigns",
    ),
    path("campaigns/of/<slug:coalition_slug>/new/", campaigns.create_campaign, name="create"),
    path("campaigns/reader-zone/", campaigns.set_reader_zone, name="reader_zone"),
    path("campaigns/<slug:slug>/", campaigns.campaign, name="campaign"),
    path("campaigns/<slug:slug>/map/", campaigns.campaign_map, name="map"),
    path("campaigns/<slug:slug>/near/", near.near, name="near"),
    path("campaigns/<slug:slug>/edit/", campaigns.edit_campaign, name="edit"),
    *translation_urls("campaigns/<slug:slug>/", CAMPAIGN),
    path("campaigns/<slug:slug>/host/", hosts.host_form, name="host_form"),
    path("campaigns/<slug:slug>/hosts/", hosts.host_review_list, name="host_review_list"),
    path("campaigns/<slug:slug>/hosts/<uuid:uid>/review/", hosts.host_review, name="host_review"),
    path(
        "campaigns/<slug:slug>/hosts/<uuid:uid>/contact/", hosts.host_contact, name="host_contact"
    ),
    path(
        "campaigns/<slug:slug>/register/<slug:org_slug>/",
        events.register_event,
        name="register",
    ),
    path("campaigns/<slug:slug>/calendar/", calendar.calendar, name="calendar"),
    path("campaigns/<slug:slug>/events.csv", exports.campaign_events_csv, name="events_csv"),
    path("campaigns/<slug:slug>/rsvps.csv", exports.campaign_rsvps_csv, name="rsvps_csv"),
    path("campaigns/<slug:slug>/calendar.ics", feeds.campaign_ics, name="campaign_ics"),
    path(
        "campaigns/<slug:slug>/countries/<str:country>/calendar.ics",
        feeds.country_ics,
        name="country_ics",
    ),
    path("campaigns/<slug:slug>/days/<int:pk>/calendar.ics", feeds.day_ics, name="day_ics"),
    path("campaigns/<slug:slug>/feed/rss/", feeds.CampaignEventsFeed(), name="rss"),
    path("campaigns/<slug:slug>/feed/atom/", feeds.CampaignEventsAtom(), name="atom"),
    path("campaigns/<slug:slug>/embed/", feeds.embed, name="embed"),
    path("campaigns/<slug:slug>/embed.json", feeds.embed_json, name="embed_json"),
    path("events/new/<slug:org_slug>/", events.register_standalone, name="register_standalone"),
    path(
        "events/org/<slug:org_slug>/calendar.ics",
        feeds.organization_ics,
        name="organization_ics",
    ),
    path("events/rsvp/confirm/<str:token>/", events.rsvp_confirm, name="rsvp_confirm"),
    path("events/rsvp/<str:token>/", events.rsvp_manage, name="rsvp_manage"),
    path("events/<uuid:uid>/", events.event, name="event"),
    path("events/<uuid:uid>/event.ics", events.event_ics, name="event_ics"),
    path("events/<uuid:uid>/edit/", events.edit_event, name="edit_event"),
    path("events/<uuid:uid>/status/", events.change_status, name="status"),
    path("events/<uuid:uid>/report/", events.report_event, name="report"),
    path(
        "events/<uuid:uid>/photos/<int:pk>/remove/",
        events.remove_photo,
        name="remove_photo",
    ),
    path("events/<uuid:uid>/rsvp/", events.rsvp, name="rsvp"),
    path("events/<uuid:uid>/rsvps.csv", exports.event_rsvps_csv, name="event_rsvps_csv"),
    # After every campaigns/<slug>/… page, so that no campaign's page can be shadowed.
    path("campaigns/proposal/<str:token>/", hosts.host_amend, name="host_amend"),
]
