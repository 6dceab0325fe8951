"""ActivityPub inboxes: an actor's, the shared one and the instance actor's."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from caucus.federation.inbox import InboxError, authenticate, handle, parse_activity, read_body
from caucus.federation.models import LocalActor
from caucus.federation.views.documents import public_actor


def _receive(request, target: LocalActor | None) -> HttpResponse:
    if request.method != "POST":
        return JsonResponse({"error": "POST activities here"}, status=405)
    try:
        body = read_body(request)
        sender = authenticate(request, body)
        activity = parse_activity(body, sender)
        status = handle(activity, sender, target)
    except InboxError as exc:
        response = JsonResponse({"error": exc.message}, status=exc.status)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    return HttpResponse(status=status)


@csrf_exempt
def inbox(request, pk: int):
    actor, _ref = public_actor(pk)
    return _receive(request, actor)


@csrf_exempt
def shared_inbox(request):
    return _receive(request, None)


@csrf_exempt
def instance_inbox(request):
    return _receive(request, None)
