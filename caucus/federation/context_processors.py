"""The page's ActivityPub alternate, for the <link rel="alternate"> in base.html."""

from functools import cache

from caucus.lib.urls import absolute_url


def activitypub(request) -> dict:
    """`activitypub_alternate`: the id of the actor or object this page also is, or "".

    Computed only when a template reads it (templates call callables), so pages that never
    ask pay nothing; pages that are not public, or are not ActivityPub things, get "".
    """

    @cache
    def alternate() -> str:
        from caucus.federation import objects
        from caucus.federation.middleware import lookup, negotiable

        found = negotiable(request.path_info)
        if found is None:
            return ""
        role, kind, key = found
        obj = lookup(kind, key)
        if obj is None:
            return ""
        if role == "object" and objects.BY_NAME[kind].build(obj) is None:
            return ""
        # The page is its own ActivityPub document, whose id is on SITE_URL: never the Host
        # the request came with (anyone can send any Host; behind a proxy it is not ours).
        return absolute_url(request.path)

    return {"activitypub_alternate": alternate}
