"""The joint action plan in the API: actions and their status."""

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from caucus.api.auth import SIGNED_IN
from caucus.api.decisions.common import (
    C,
    _ActionApiForm,
    router,
)
from caucus.api.decisions.schemas import (
    ActionIn,
    ActionOut,
    ActionStatusIn,
)
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS
from caucus.coalitions.models import Coalition
from caucus.coalitions.permissions import get_coalition_for_member
from caucus.decisions.forms import (
    ActionStatusForm,
)
from caucus.decisions.models import (
    ActionItem,
)
from caucus.decisions.permissions import (
    get_action_for_user,
    require_coordinator,
)
from caucus.decisions.services import plan

# --- The joint action plan.


def _action_scope(request: HttpRequest, coordinating: bool) -> None:
    """Who may update which action, read once for the whole response (see ActionOut)."""
    mine = set(request.user.memberships.values_list("organization_id", flat=True))
    request.caucus_action_scope = (mine, coordinating)


def _actions(coalition: Coalition):
    return (
        ActionItem.objects.filter(coalition=coalition)
        .prefetch_related("responsible")
        .order_by("due", "pk")
    )


@router.get(C + "/actions", response={200: list[ActionOut], **ERRORS}, auth=SIGNED_IN)
@paginate(Pages)
def list_actions(request: HttpRequest, slug: str):
    """The coalition's joint action plan, by due date (members)."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    _action_scope(request, coordinating)
    return _actions(coalition)


@router.post(C + "/actions", response={201: ActionOut, **ERRORS}, auth=SIGNED_IN)
def create_action(request: HttpRequest, slug: str, payload: ActionIn):
    """Add an action to the plan (coordinators), with its responsible organizations."""
    coalition, coordinating = get_coalition_for_member(request, slug)
    require_coordinator(coordinating)
    data = valid(_ActionApiForm(payload.dict(), coalition=coalition))
    action = plan.action_create(coalition=coalition, actor=request.user, **data)
    _action_scope(request, coordinating)
    return Status(201, _actions(coalition).get(pk=action.pk))


@router.post(C + "/actions/{int:pk}/status", response={200: ActionOut, **ERRORS}, auth=SIGNED_IN)
def set_action_status(request: HttpRequest, slug: str, pk: int, payload: ActionStatusIn):
    """Planned, in_progress, done or dropped (coordinators and responsible organizations)."""
    action = get_action_for_user(request, slug, pk)
    data = valid(ActionStatusForm(payload.dict()))
    plan.action_set_status(action=action, actor=request.user, status=data["status"])
    _action_scope(request, True)  # get_action_for_user let the caller through
    return _actions(action.coalition).get(pk=action.pk)
