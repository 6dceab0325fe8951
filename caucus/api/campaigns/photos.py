"""Photos of an event's report in the API: adding and removing them (the organizers)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Status
from ninja.files import UploadedFile

from caucus.api.auth import SIGNED_IN
from caucus.api.campaigns.common import router, uid_or_404
from caucus.api.campaigns.event_schemas import PhotoOut
from caucus.api.forms import valid
from caucus.api.schemas import ERRORS
from caucus.campaigns import services
from caucus.campaigns.event_forms import PhotoForm
from caucus.campaigns.models import EventPhoto
from caucus.campaigns.permissions import get_event_for_editor


@router.post("/events/{uid}/photos", response={201: PhotoOut, **ERRORS}, auth=SIGNED_IN)
def add_photo(
    request: HttpRequest,
    uid: str,
    photo: File[UploadedFile] = None,  # type: ignore[assignment]  # refused by the form
    caption: Form[str] = "",
):
    """Add a photo to the report (multipart: `photo`, optional `caption`; the organizers).
    PNG, JPEG or WebP up to 8 MB; it is re-encoded, so no EXIF, GPS or other metadata stays."""
    event = get_event_for_editor(request, uid_or_404(uid))
    data = valid(PhotoForm({"caption": caption}, {"photo": photo} if photo else {}))
    return Status(201, services.event_photo_add(event=event, actor=request.user, **data))


@router.delete("/events/{uid}/photos/{photo_id}", response={204: None, **ERRORS}, auth=SIGNED_IN)
def remove_photo(request: HttpRequest, uid: str, photo_id: int):
    """Take a photo out of the report (the organizers)."""
    event = get_event_for_editor(request, uid_or_404(uid))
    photo = get_object_or_404(EventPhoto, pk=photo_id, event=event)
    services.event_photo_remove(photo=photo, actor=request.user)
    return Status(204, None)
