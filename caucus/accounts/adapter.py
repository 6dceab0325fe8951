"""allauth adapter: sign-up is by invitation only, and allauth's emails go through the outbox.

allauth renders its emails in the request, with keys (password reset, email confirmation) that
cannot be derived again later, so they cannot be rendered by the worker from ids like ours.
The rendered email goes into an OutboxMessage, encrypted, and the task gets only its id; the
row is deleted once sent (accounts/tasks.py). Sending in the request instead would make the
reset form wait for the mail server, fail with it, and answer a known address more slowly
than an unknown one.

allauth's own limits (login, failed logins, password resets, login codes) key on the address
`get_client_ip` returns: ours is caucus.lib.network.client_ip, so they count each client behind
the trusted proxies (TRUSTED_PROXIES), as every other limit of the site does, and not the load
balancer for everyone.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.html import strip_tags

from caucus.lib.network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address through the trusted proxies (allauth's default reads its own
        ALLAUTH_TRUSTED_PROXY_COUNT, else REMOTE_ADDR: the balancer, behind one)."""
        ip = client_ip(request)
        if ip is None:  # as allauth's default does when it finds no address
            raise PermissionDenied("Unable to determine client IP address")
        return str(ip)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from caucus.accounts.models import OutboxMessage
        from caucus.accounts.tasks import send_outbox_message

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        message = self.render_mail(template_prefix, email, {**ctx, **context})
        alternatives = getattr(message, "alternatives", [])
        html = next((body for body, mimetype in alternatives if mimetype == "text/html"), "")
        body = message.body
        if message.content_subtype == "html":  # allauth found only an HTML template
            html, body = body, strip_tags(body)
        outbox = OutboxMessage.objects.create(
            to=email, subject=message.subject, body=body, html=html
        )
        transaction.on_commit(lambda: send_outbox_message.enqueue(outbox.pk))
