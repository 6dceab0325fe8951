"""The page's ActivityPub alternate, for the <link rel="alternate"> in base.html."""

from functools import cache


def activitypub(request) -> dict:
    """`activitypub_alternate`: the id of the actor or object this page also is, or "".

    Computed only when a template reads it (templates call callables), so pages that never
    ask pay nothing; pages that are not public, or are not ActivityPub things, get "".
    """

    @cache
    def alternate() -> str:
        from caucus.federation import actors, objects
        from caucus.federation.middleware import lookup, negotiable

        found = negotiable(request.path_info)
        if found is None:
            return ""
        role, kind, key = found
        obj = lookup(kind, key)
        if obj is None:
            return ""
        if role == "actor":
            return actors.actor_id(actors.Ref(kind, obj))
        built = objects.BY_NAME[kind].build(obj)
        return objects.object_path(kind, obj) if built is not None else ""

    return {"activitypub_alternate": alternate}
