"""The private file storage: files only the application reads, never at a public address.

Case photos (caucus/solidarity) identify people the coalition protects. The default storage
holds what the public may fetch directly (logos, event photos; on S3 a publicly readable
bucket), so these files have a storage of their own, STORAGES["private"] (settings.py): a
folder outside MEDIA_ROOT, or an S3 bucket with no public access. Nothing links to them; the
views that check who may see a photo read it and answer with its bytes (issue "Trust", part 5).
"""

from functools import cache, cached_property

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (followed when a test overrides it), without a URL."""

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self):
        location = self.__dict__.get("_location")  # set by FileSystemStorage.__init__
        return self._value_or_setting(location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return None  # url() refuses: these files are served only through views

    def url(self, name):
        raise ValueError("A private file has no URL: serve it through a view that checks access.")


def private_storage() -> Storage:
    """The storage of STORAGES["private"], for a FileField's `storage=` (its migration names
    this callable) and for whatever copies the files (backups, migrations)."""
    return _private()


@cache
def _private() -> Storage:
    # Built here rather than taken from django's `storages`: a model field calls this while
    # models load, and `storages` would then fix every alias's settings that early, before
    # tests (or anything else) have their final STORAGES.
    return storages.create_storage(settings.STORAGES["private"])
