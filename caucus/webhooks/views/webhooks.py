"""The webhooks page of a coalition (its coordinators) or an organization (its admins): the
same guard and services as the API (caucus/api/webhooks.py), without JavaScript.

The secret is shown once, in the answer to the POST that creates the webhook: it is never
stored in the session nor shown again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from caucus.coalitions.models import Coalition
from caucus.lib.bidi import sentence
from caucus.lib.confirm import confirm_page
from caucus.lib.forms import apply_validation_error
from caucus.organizations.models import Organization
from caucus.webhooks import services
from caucus.webhooks.forms import WebhookForm
from caucus.webhooks.models import Delivery, Webhook
from caucus.webhooks.permissions import get_owner_for_admin, get_webhook_for_admin

RECENT = 10  # deliveries shown per webhook


def _owner_kwargs(owner: Coalition | Organization) -> dict[str, str]:
    key = "coalition" if isinstance(owner, Coalition) else "organization"
    return {key: owner.slug}


def _list_url(owner: Coalition | Organization) -> str:
    return reverse("webhooks:list", kwargs=_owner_kwargs(owner))


def _page(
    request: HttpRequest,
    owner: Coalition | Organization,
    form: WebhookForm,
    *,
    created: Webhook | None = None,
    secret: str = "",
    status: int = 200,
) -> HttpResponse:
    scope = {"coalition": owner} if isinstance(owner, Coalition) else {"organization": owner}
    recent = Delivery.objects.order_by("-created", "-pk").defer("body")
    hooks = list(
        Webhook.objects.filter(**scope)
        .order_by("created", "pk")
        .prefetch_related(Prefetch("deliveries", queryset=recent[:RECENT], to_attr="recent"))
    )
    names = _owner_kwargs(owner)
    for hook in hooks:
        hook.ping_url = reverse("webhooks:ping", kwargs={"pk": hook.pk, **names})  # type: ignore[attr-defined]
        hook.delete_url = reverse("webhooks:delete", kwargs={"pk": hook.pk, **names})  # type: ignore[attr-defined]
    manage_url = (
        reverse("coalitions:manage", args=[owner.slug])
        if isinstance(owner, Coalition)
        else reverse("organizations:manage", args=[owner.slug])
    )
    ctx = {
        "owner": owner,
        "manage_url": manage_url,
        "hooks": hooks,
        "form": form,
        "created": created,
        "secret": secret,
        "max_hooks": services.MAX_PER_OWNER,
    }
    response = render(request, "webhooks/list.html", ctx, status=status)
    response["Cache-Control"] = "no-store"  # the answer to a creation carries the secret
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest, coalition: str = "", organization: str = "") -> HttpResponse:
    """GET: the owner's webhooks and their recent deliveries; POST: register one."""
    owner = get_owner_for_admin(request, coalition=coalition, organization=organization)
    if request.method != "POST":
        return _page(request, owner, WebhookForm())
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhook, secret = services.webhook_create(
                owner=owner,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _page(request, owner, WebhookForm(), created=webhook, secret=secret)
    return _page(request, owner, form, status=400)


@login_required
@require_POST
def webhook_ping(
    request: HttpRequest, pk: int, coalition: str = "", organization: str = ""
) -> HttpResponse:
    owner = get_owner_for_admin(request, coalition=coalition, organization=organization)
    webhook = get_webhook_for_admin(owner, pk)
    services.webhook_ping(webhook=webhook)
    messages.success(
        request,
        sentence(_("A test event is on its way to %(url)s."), {"url": webhook.url}),
    )
    return redirect(_list_url(owner) + f"#webhook-{webhook.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def webhook_delete(
    request: HttpRequest, pk: int, coalition: str = "", organization: str = ""
) -> HttpResponse:
    """GET: the confirmation page; POST: delete, with the deliveries still queued."""
    owner = get_owner_for_admin(request, coalition=coalition, organization=organization)
    webhook = get_webhook_for_admin(owner, pk)
    if request.method == "POST":
        services.webhook_delete(webhook=webhook, actor=request.user)
        messages.success(
            request, sentence(_("The webhook to %(url)s is deleted."), {"url": webhook.url})
        )
        return redirect(_list_url(owner))
    return confirm_page(
        request,
        title=_("Delete this webhook?"),
        subject=webhook.url,
        consequence=sentence(
            _(
                "%(owner)s will stop sending events to this address, and deliveries still "
                "waiting for a retry are dropped. Its secret stops working."
            ),
            {"owner": owner.name},
        ),
        undo=_("To hear events again, register the address anew: it will get a new secret."),
        button=_("Delete the webhook"),
        cancel_url=_list_url(owner),
    )
