"""allauth adapter: sign-up is by invitation only, and allauth's emails go through the worker."""

from allauth.account.adapter import DefaultAccountAdapter

from caucus.accounts.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            subject=message.subject, body=message.body, to=list(message.to), html=html
        )
