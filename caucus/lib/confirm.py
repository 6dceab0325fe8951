"""The confirmation step of a destructive or irreversible action, as a page of its own.

A view answers GET with this page, which names the object and what will happen, and acts on
POST to the same address: the confirmation works without JavaScript, and a link in a list
never acts by itself (the UX review's one-click removals).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    subject: str,
    consequence: str,
    button: str,
    cancel_url: str,
    undo: str = "",
    template: str = "confirm.html",
    extra: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the confirmation of one action.

    `subject` names the object acted on, `consequence` says what will happen (and whether it
    can be undone), `undo` how to reverse it where that is possible; `button` labels the
    form's submit button, which posts to the page's own address.
    """
    ctx = {
        "title": title,
        "subject": subject,
        "consequence": consequence,
        "undo": undo,
        "button": button,
        "cancel_url": cancel_url,
        **(extra or {}),
    }
    return render(request, template, ctx, status=status)
