"""The ledger of a vote (page, download, receipts, server check) and the verification tools
every member can download and run on their own computer."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from caucus.decisions import disclosure, keys, ledger, offline
from caucus.decisions.permissions import get_vote_for_user, voting_organizations
from caucus.decisions.services import votes

TOOLS = {"caucus_verify.py", "caucus_ballot.py"}  # in tools/, served to members to run


def _vote_for_member(request, slug: str, pk: int):
    """The vote, closed first if due (these pages show results), and the person's
    eligible organizations."""
    vote, coordinating = get_vote_for_user(request, slug, pk)
    votes.close_if_due(vote)
    return vote, coordinating, voting_organizations(request.user, vote, vote.manifest())


@login_required
def ledger_json(request, slug, pk):
    vote, _coordinating, organizations = _vote_for_member(request, slug, pk)
    response = JsonResponse(disclosure.export(vote, organizations), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-ledger.json"'
    return response


@login_required
def receipt_json(request, slug, pk, tracker):
    """The signed receipt of one of the person's own organization's ballots."""
    vote, _coordinating, organizations = _vote_for_member(request, slug, pk)
    found = disclosure.own_receipt(vote, tracker, organizations)
    if found is None:
        raise Http404
    response = JsonResponse(disclosure.receipt(vote, found), json_dumps_params={"indent": 1})
    name = f"vote-{vote.pk}-receipt-{found.entry.height}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def ledger_page(request, slug, pk):
    vote, _coordinating, organizations = _vote_for_member(request, slug, pk)
    tracker = request.GET.get("tracker", "").strip().lower()[:64]
    found = disclosure.look_up(vote, tracker, organizations) if tracker else None
    shown = disclosure.shown_ballots(vote, organizations)
    entries = list(
        vote.entries.order_by("height").only("height", "kind", "entry_hash", "parent_hash")
    )
    for entry in entries:
        entry.shown = shown.get(entry.height)
    return render(
        request,
        "decisions/ledger.html",
        {
            "coalition": vote.motion.coalition,
            "vote": vote,
            "motion": vote.motion,
            "entries": entries,
            "tracker": tracker,
            "found": found,
            "public_key": vote.manifest().get("public_key") or keys.public_key_hex(),
        },
    )


@login_required
def verify_page(request, slug, pk):
    vote, _coordinating, _organizations = _vote_for_member(request, slug, pk)
    since = request.GET.get("since", "").strip().lower()[:64]
    report = ledger.verify(vote, since=since)
    return render(
        request,
        "decisions/verify.html",
        {
            "coalition": vote.motion.coalition,
            "vote": vote,
            "motion": vote.motion,
            "report": report,
            "since": since,
            "public_key": vote.manifest().get("public_key") or keys.public_key_hex(),
        },
    )


# --- Public: the tools, the key history and the delegates' guide ----------------------------


@require_GET
@cache_control(public=True, max_age=3600)
def tool_download(request, name: str):
    """tools/caucus_verify.py or tools/caucus_ballot.py, as plain text to save and run."""
    if name not in TOOLS:
        raise Http404
    path = offline.path().with_name(name)
    response = FileResponse(path.open("rb"), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def ledger_keys_json(request):
    """The instance's ledger keys, oldest first, each with its validity and the signature of
    the key before it (docs/ledger-format.md, "Key history")."""
    return JsonResponse(
        {"format": "caucus-ledger-keys/1", "keys": keys.history()}, json_dumps_params={"indent": 1}
    )


@require_GET
def verify_guide(request):
    """In plain language, for delegates: what a ledger is, why keep a receipt, how to check."""
    return render(
        request,
        "decisions/verify_guide.html",
        {"public_key": keys.public_key_hex(), "key_id": keys.key_id(keys.public_key_hex())},
    )
