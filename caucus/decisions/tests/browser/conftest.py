"""The people of the decisions browser tests (the browser fixtures come from the root plugin)."""

import pytest
from django.utils import timezone

from caucus.coalitions.models import Coalition, CoalitionMembership, Coordinator
from caucus.organizations.models import Membership, Role
from caucus.test import make_org, make_user


class Cast:
    pass


@pytest.fixture
def cast() -> Cast:
    """Cora (delegate of alpha, coordinator of "united") and Gina (admin of gamma)."""
    c = Cast()
    c.alpha, c.gamma = make_org("alpha", "TR"), make_org("gamma", "CL")
    c.cora = make_user("cora@example.org", "Cora Coordinator")
    c.gina = make_user("gina@example.org", "Gina Gamma")
    Membership.objects.create(user=c.cora, organization=c.alpha, role=Role.DELEGATE)
    Membership.objects.create(user=c.gina, organization=c.gamma, role=Role.ADMIN)
    c.coalition = Coalition.objects.create(slug="united", name="United Coalition")
    Coordinator.objects.create(coalition=c.coalition, user=c.cora)
    for org in (c.alpha, c.gamma):
        CoalitionMembership.objects.create(
            coalition=c.coalition, organization=org, status="active", joined_at=timezone.now()
        )
    c.coordinator, c.delegate = c.cora, c.cora  # for the test helpers
    return c
