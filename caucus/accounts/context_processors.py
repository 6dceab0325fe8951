"""The signed-in person's organizations and coalitions, for the navigation."""

from django.utils.functional import SimpleLazyObject


def memberships(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def _load():
        return list(user.memberships.select_related("organization"))

    return {"my_memberships": SimpleLazyObject(_load)}
