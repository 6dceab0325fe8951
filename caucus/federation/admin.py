"""For operators: remote actors and their follows, the delivery queue, and instance blocks."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caucus.federation.models import (
    Delivery,
    DeliveryState,
    Follower,
    FollowState,
    InstanceBlock,
    LocalActor,
    RemoteActor,
)


@admin.register(InstanceBlock)
class InstanceBlockAdmin(admin.ModelAdmin):
    list_display = ["domain", "reason", "created"]
    search_fields = ["domain"]

    def save_model(self, request, obj, form, change):
        obj.domain = obj.domain.strip().lower().rstrip(".")
        super().save_model(request, obj, form, change)
        # A blocked server's follows go: nothing more is delivered there, nothing accepted.
        from caucus.federation.profiles import recount

        follows = Follower.objects.filter(remote__domain__endswith=obj.domain)
        follows = [
            f
            for f in follows.select_related("actor", "remote")
            if f.remote.domain == obj.domain or f.remote.domain.endswith("." + obj.domain)
        ]
        for follow in follows:
            follow.delete()
            recount(follow.actor)


class FollowerInline(admin.TabularInline):
    model = Follower
    extra = 0
    fields = ["actor", "state", "follow_id", "created"]
    readonly_fields = fields
    can_delete = True


@admin.register(RemoteActor)
class RemoteActorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "domain", "fetched_at"]
    search_fields = ["uri", "username", "domain"]
    list_filter = ["domain"]
    readonly_fields = [
        "uri",
        "domain",
        "inbox",
        "shared_inbox",
        "key_id",
        "public_key",
        "username",
        "name",
        "fetched_at",
    ]
    inlines = [FollowerInline]


@admin.register(LocalActor)
class LocalActorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "follower_count", "manually_approves_followers"]
    list_filter = ["kind", "manually_approves_followers"]
    fields = [
        "kind",
        "object_id",
        "manually_approves_followers",
        "follower_count",
        "public_key",
        "created",
    ]
    readonly_fields = ["kind", "object_id", "follower_count", "public_key", "created"]


@admin.action(description=_("Accept the selected follow requests"))
def accept_follows(modeladmin, request, queryset):
    from caucus.federation.delivery import fan_out
    from caucus.federation.profiles import recount
    from caucus.federation.publishing import record

    for follow in queryset.filter(state=FollowState.PENDING).select_related("actor", "remote"):
        follow.state = FollowState.ACCEPTED
        follow.save(update_fields=["state"])
        recount(follow.actor)
        accept = record(
            follow.actor, "Accept", {"object": follow.follow, "to": [follow.remote.uri]}
        )
        fan_out(accept, [follow.remote.inbox])
    messages.success(request, _("Accepted; the Accept activities are being delivered."))


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["remote", "actor", "state", "created"]
    list_filter = ["state", "actor__kind"]
    search_fields = ["remote__uri", "remote__domain"]
    readonly_fields = ["actor", "remote", "follow_id", "follow", "created"]
    actions = [accept_follows]


@admin.action(description=_("Try the selected deliveries again now"))
def retry_now(modeladmin, request, queryset):
    from caucus.federation.tasks import deliver

    now = timezone.now()
    rows = queryset.exclude(state=DeliveryState.DELIVERED)
    # One being sent keeps its lease (a second POST would go out); one whose lease ran out
    # lost its worker, and goes again.
    rows = rows.exclude(state=DeliveryState.SENDING, next_attempt_at__gt=now)
    ids = list(rows.values_list("pk", flat=True))
    rows.update(state=DeliveryState.PENDING, next_attempt_at=now)
    for pk in ids:
        deliver.enqueue(pk)
    messages.success(request, _("Queued again."))


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["activity", "inbox", "state", "attempts", "last_status", "next_attempt_at"]
    list_filter = ["state", "domain"]
    search_fields = ["inbox", "domain"]
    readonly_fields = [
        "activity",
        "inbox",
        "domain",
        "state",
        "attempts",
        "next_attempt_at",
        "last_status",
        "last_error",
        "created",
        "delivered_at",
    ]
    actions = [retry_now]

    def has_add_permission(self, request):
        return False
