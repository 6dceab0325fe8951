"""Uploaded images: check type, size and dimensions, and re-encode without metadata."""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# Image files by extension: what clean_image writes, and GIF (an operator may store one through
# the admin); the media types pages and actors may announce, all of which Mastodon reads.
MEDIA_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
}
ACCEPT = "image/png,image/jpeg,image/webp"  # a file input's accept attribute
HEADER_HELP = gettext_lazy(
    "A wide image across the top of the page and of the fediverse profile, such as 1500×500 "
    "pixels: PNG, JPEG or WebP."
)
MAX_PIXELS = 4096 * 4096


def clean_image(upload, *, max_bytes: int) -> ContentFile:
    """A new file holding only the pixels of `upload` (EXIF, GPS and text chunks dropped).

    Raises ValidationError with a message for the person who uploaded it.
    """
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)d KB); the limit is %(limit)d KB.")
            % {"size": upload.size // 1024, "limit": max_bytes // 1024}
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        image_format = image.format or ""
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(_("Upload a PNG, JPEG or WebP image."))
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels; the limit is 4096×4096."))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError(_("This file is not an image we can read.")) from exc
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image from the raw pixels carries no EXIF, GPS, XMP, ICC or text metadata.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format=image_format)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}")


def clean_new_image(value, *, max_bytes: int):
    """`clean_image` for a form field's value when it is a new upload; the stored file (or
    nothing, or False for "remove") passes as it is."""
    if value and hasattr(value, "content_type"):
        return clean_image(value, max_bytes=max_bytes)
    return value


def media_type(name: str) -> str | None:
    """The media type of a file clean_image wrote, by its extension; None for anything else."""
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def image_input() -> forms.ClearableFileInput:
    """The file input of a logo or header: offers only what clean_image accepts."""
    return forms.ClearableFileInput(attrs={"accept": ACCEPT})


class ImageUploads:
    """For a ModelForm with a `logo` and/or a `header` field: a new upload goes through
    clean_image (type, size, pixels, metadata stripped); a kept or removed file passes."""

    cleaned_data: dict

    def clean_logo(self):
        return clean_new_image(self.cleaned_data.get("logo"), max_bytes=settings.LOGO_MAX_BYTES)

    def clean_header(self):
        return clean_new_image(self.cleaned_data.get("header"), max_bytes=settings.LOGO_MAX_BYTES)
