"""Uploads for the image tests of coalitions, organizations, campaigns and federation: a real
picture carrying GPS metadata (which must not survive), and a file that only claims to be one."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture(name: str = "header.jpg", size: tuple[int, int] = (300, 100)) -> SimpleUploadedFile:
    """A JPEG with a GPS position and a camera make in its EXIF."""
    exif = Image.Exif()
    exif[0x8825] = {2: (41.0, 0.0, 0.0), 1: "N"}  # GPSInfo: latitude
    exif[0x010F] = "SpyCam"  # Make
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def not_a_picture(name: str = "header.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<svg onload=alert(1)>", content_type="image/png")


def stored_without_metadata(test, field) -> None:
    """`field` (an ImageFieldFile) was re-encoded: no EXIF, and not the uploaded name."""
    with field.open("rb") as stored, Image.open(stored) as image:
        test.assertEqual(dict(image.getexif()), {})
    test.assertFalse(field.name.endswith(("header.jpg", "logo.jpg")))
