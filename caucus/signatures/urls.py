from django.urls import path

from caucus.signatures.views import counts, exports, manage, organizations, signing

app_name = "signatures"
urlpatterns = [
    path("s/<slug:slug>/sign/", signing.sign, name="sign"),
    path("s/<slug:slug>/sign/thanks/", signing.thanks, name="thanks"),
    path("s/<slug:slug>/sign/confirm/<str:token>/", signing.confirm, name="confirm"),
    path("s/<slug:slug>/sign/remove/<str:token>/", signing.remove, name="remove"),
    path("s/<slug:slug>/sign/organization/", organizations.org_sign, name="org_sign"),
    path(
        "s/<slug:slug>/sign/organization/<slug:org_slug>/reconfirm/",
        organizations.org_reconfirm,
        name="org_reconfirm",
    ),
    path(
        "s/<slug:slug>/sign/organization/<slug:org_slug>/withdraw/",
        organizations.org_withdraw,
        name="org_withdraw",
    ),
    path("s/<slug:slug>/signatures/", counts.names, name="names"),
    path("s/<slug:slug>/signatures/count.json", counts.count_json, name="count_json"),
    path("s/<slug:slug>/signatures/counter/", counts.counter, name="counter"),
    path("s/<slug:slug>/signatures/manage/", manage.manage, name="manage"),
    path("s/<slug:slug>/signatures/remind/", organizations.remind, name="remind"),
    path(
        "s/<slug:slug>/signatures/manage/requests/<int:pk>/<str:decision>/",
        organizations.decide,
        name="decide",
    ),
    path(
        "s/<slug:slug>/signatures/manage/invalidate/",
        manage.invalidate,
        name="invalidate",
    ),
    path(
        "s/<slug:slug>/signatures/manage/contacts.csv",
        exports.export_contacts,
        name="export_contacts",
    ),
]
