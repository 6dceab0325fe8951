"""Individual sign-on: the signing form, the thanks page and the email links that confirm
or remove a signature."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from caucus.lib import counters
from caucus.lib.tokens import TokenError
from caucus.signatures import services
from caucus.signatures.abuse import request_prefix, slowdown
from caucus.signatures.cache import forget_block_soon
from caucus.signatures.counting import confirmed_count
from caucus.signatures.forms import SignForm
from caucus.signatures.models import Signature, State
from caucus.signatures.next_steps import next_steps
from caucus.signatures.permissions import get_public_statement
from caucus.signatures.tokens import confirm_tokens, removal_state, remove_tokens
from caucus.statements.models import Status


def statement_url(statement) -> str:
    """The statement's public page; before publication, the page where organizations sign."""
    if statement.status not in (Status.PUBLISHED, Status.WITHDRAWN):
        return reverse("signatures:org_sign", args=[statement.slug])
    try:
        return statement.get_absolute_url()
    except NoReverseMatch:
        return reverse("signatures:names", args=[statement.slug])


def _signing_statement(slug: str):
    """The public statement, kept two seconds in the cache: a surge signs one statement."""
    key = f"sig-statement:{slug}"
    statement = cache.get(key)
    if statement is None:
        statement = get_public_statement(slug)
        cache.set(key, statement, 2)
    return statement


def _signable(statement) -> bool:
    return (
        statement.status == Status.PUBLISHED
        and statement.open_to_individuals
        and not statement.signing_closed
    )


def _sign_response(request, statement, form, *, status=200, template="signatures/sign.html"):
    """The whole page without JavaScript; only the form for htmx, which swaps 2xx only."""
    ctx = {"statement": statement, "form": form, "statement_url": statement_url(statement)}
    if request.headers.get("HX-Request"):
        return render(request, "signatures/_sign_form.html", ctx)
    return render(request, template, ctx, status=status)


# The form sits in a page served from a shared cache, so it cannot carry a per-visitor CSRF
# token; signing changes nothing for anyone until the email link is opened.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    statement = _signing_statement(slug)
    if not _signable(statement):
        # htmx swaps 2xx answers only: the notice takes the place of the form.
        if request.headers.get("HX-Request"):
            return render(request, "signatures/_closed.html", {"statement": statement})
        return render(request, "signatures/closed.html", {"statement": statement}, status=410)
    if request.method == "GET":
        return _sign_response(request, statement, SignForm(auto_id="sign-%s"))
    form = SignForm(request.POST, auto_id="sign-%s")
    if not form.is_valid():
        return _sign_response(request, statement, form, status=400)
    thanks = reverse("signatures:thanks", args=[statement.slug])
    if form.is_robot:
        return redirect(thanks)
    data = form.cleaned_data
    prefix = request_prefix(request)
    wait = slowdown(prefix=prefix, email=data["email"])
    if wait:
        counters.signature_throttled()
        ctx = {"statement": statement, "form": form, "wait": wait}
        if request.headers.get("HX-Request"):
            return render(request, "signatures/_sign_form.html", ctx)
        response = render(request, "signatures/sign.html", ctx, status=429)
        response["Retry-After"] = str(wait)
        return response
    services.individual_sign(
        statement=statement,
        name=data["name"],
        email=data["email"],
        city=data["city"],
        country=data["country"],
        show_name=data["show_name"],
        may_contact=data["may_contact"],
        ip_prefix=prefix,
        language=get_language() or "",
    )
    counters.signature_accepted()
    if request.headers.get("HX-Request"):
        ctx = {"statement": statement, **next_steps(statement)}
        return render(request, "signatures/_thanks.html", ctx)
    return redirect(thanks, permanent=False)


@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    statement = get_public_statement(slug)
    ctx = {"statement": statement, "statement_url": statement_url(statement)}
    return render(request, "signatures/thanks.html", {**ctx, **next_steps(statement)})


def _from_token(tokens, token: str, slug: str, state_of) -> tuple[Signature | None, str]:
    """The signature a link names and what is wrong with it ("" when it can be used)."""
    try:
        pk = tokens.read_pk(token)
    except TokenError as exc:
        return None, exc.reason
    signature = Signature.objects.select_related("statement").filter(pk=pk).first()
    if signature is None:
        return None, "gone"
    if signature.statement.slug != slug:
        return None, "forged"
    try:
        tokens.check_state(token, state_of(signature))
    except TokenError as exc:
        return signature, exc.reason
    return signature, ""


def _link_problem(request, slug: str, problem: str) -> HttpResponse:
    status = {"expired": 410, "used": 410, "gone": 410}.get(problem, 400)
    return render(
        request, "signatures/link_invalid.html", {"problem": problem, "slug": slug}, status=status
    )


# GET shows what the link confirms and a button: mail scanners open links, and must not
# confirm a signature nobody confirmed (audit #11). POST confirms. No CSRF token: the signed
# token in the address is what authorizes, and whoever holds it could post it themselves; the
# page also works where a mail app's browser keeps no cookies.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    signature, problem = _from_token(confirm_tokens, token, slug, Signature.token_state)
    if signature is not None and problem == "used" and signature.state == State.CONFIRMED:
        problem = "already"
    elif problem == "" and signature is not None and request.method == "POST":
        if services.individual_confirm(signature=signature):
            forget_block_soon(signature.statement)
        else:
            problem = "already"
    if signature is None or problem not in ("", "already"):
        return _link_problem(request, slug, problem)
    statement = signature.statement
    ctx = {"statement": statement, "statement_url": statement_url(statement)}
    if problem == "" and request.method == "GET":
        ctx["signature"] = signature
        return render(request, "signatures/confirm.html", ctx)
    ctx["already"] = problem == "already"
    ctx["count"] = confirmed_count(statement.pk)
    ctx.update(next_steps(statement))
    ctx["remove_token"] = remove_tokens.make(signature.pk, removal_state(signature))
    return render(request, "signatures/confirmed.html", ctx)


@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    signature, problem = _from_token(remove_tokens, token, slug, removal_state)
    if signature is None or problem:
        return _link_problem(request, slug, problem)
    statement = signature.statement
    ctx = {
        "statement": statement,
        "signature": signature,
        "statement_url": statement_url(statement),
    }
    if request.method == "POST":
        services.individual_remove(signature=signature)
        return render(request, "signatures/removed.html", ctx)
    return render(request, "signatures/remove.html", ctx)
