from django.urls import path

from caucus.signatures import views, views_manage

app_name = "signatures"
urlpatterns = [
    path("s/<slug:slug>/sign/", views.sign, name="sign"),
    path("s/<slug:slug>/sign/thanks/", views.thanks, name="thanks"),
    path("s/<slug:slug>/sign/confirm/<str:token>/", views.confirm, name="confirm"),
    path("s/<slug:slug>/sign/remove/<str:token>/", views.remove, name="remove"),
    path("s/<slug:slug>/sign/organization/", views_manage.org_sign, name="org_sign"),
    path(
        "s/<slug:slug>/sign/organization/<slug:org_slug>/reconfirm/",
        views_manage.org_reconfirm,
        name="org_reconfirm",
    ),
    path(
        "s/<slug:slug>/sign/organization/<slug:org_slug>/withdraw/",
        views_manage.org_withdraw,
        name="org_withdraw",
    ),
    path("s/<slug:slug>/signatures/", views.names, name="names"),
    path("s/<slug:slug>/signatures/count.json", views.count_json, name="count_json"),
    path("s/<slug:slug>/signatures/counter/", views.counter, name="counter"),
    path("s/<slug:slug>/signatures/manage/", views_manage.manage, name="manage"),
    path("s/<slug:slug>/signatures/remind/", views_manage.remind, name="remind"),
    path(
        "s/<slug:slug>/signatures/manage/requests/<int:pk>/<str:decision>/",
        views_manage.decide,
        name="decide",
    ),
    path(
        "s/<slug:slug>/signatures/manage/invalidate/",
        views_manage.invalidate,
        name="invalidate",
    ),
    path(
        "s/<slug:slug>/signatures/manage/contacts.csv",
        views_manage.export_contacts,
        name="export_contacts",
    ),
]
