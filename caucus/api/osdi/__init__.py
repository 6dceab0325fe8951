"""Read endpoints in the shape of OSDI (opensupporter.org), for organizers coming from Action
Network: petitions, signatures, events and attendances under /api/osdi/v1/, with HAL links,
page numbers and a modified_date filter (hal.py). The mapping is in docs/osdi.md."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from caucus.api.auth import ANYONE
from caucus.api.osdi import events, petitions
from caucus.api.osdi.hal import CURIES, href
from caucus.api.schemas import ERRORS

router = Router(tags=["osdi"])
router.add_router("", petitions.router)
router.add_router("", events.router)


@router.get("/", response={200: dict[str, Any], **ERRORS}, auth=ANYONE, by_alias=True)
def entry_point(request: HttpRequest):
    """OSDI's entry point: where each collection is."""
    base = request.path.rstrip("/")
    return {
        "motd": "Caucus: OSDI read endpoints (docs/osdi.md).",
        "vendor_name": "Caucus",
        "product_name": "Caucus",
        "osdi_version": "1.1",
        "_links": {
            "self": href(request.path),
            "osdi:petitions": href(f"{base}/petitions"),
            "osdi:events": href(f"{base}/events"),
            "curies": CURIES,
        },
    }
