"""A backup archive: one tar file whose manifest lists every member with its SHA-256.

Written from a staging folder with the manifest first; sealed with a passphrase (sealing.py)
when it carries the keys. Read back only through the manifest: every member must be listed,
be a regular file with a safe relative name, and match its checksum before anything is used.
"""

import hashlib
import json
import os
import tarfile
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings

from caucus.ops import sealing

FORMAT = 1
MANIFEST = "manifest.json"


class ArchiveError(Exception):
    pass


def caucus_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _members(staging: Path) -> list[str]:
    return sorted(
        path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()
    )


def _private_file(path: Path) -> IO[bytes]:
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def write(staging: Path, manifest: dict, output: Path, passphrase: str | None) -> None:
    """Tar the staging folder into `output` (mode 600), sealed when a passphrase is given."""
    files = {}
    for name in _members(staging):
        with open(staging / name, "rb") as handle:
            files[name] = _sha256(handle)
    manifest = {**manifest, "format": FORMAT, "files": files}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    partial = output.with_name(output.name + ".partial")
    plain = partial if passphrase is None else Path(staging.parent, "archive.tar")
    with _private_file(plain) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        for name in [MANIFEST, *files]:
            tar.add(staging / name, arcname=name, recursive=False)
    if passphrase is not None:
        with open(plain, "rb") as source, _private_file(partial) as target:
            sealing.seal(source, target, passphrase)
        plain.unlink()
    partial.replace(output)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


class Archive:
    """An archive opened for reading; use as a context manager."""

    def __init__(self, path: Path, passphrase: Callable[[], str]) -> None:
        self.path = Path(path)
        self._passphrase = passphrase
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._tar: tarfile.TarFile | None = None
        self.manifest: dict = {}
        self.sealed = False

    def __enter__(self) -> "Archive":
        if not self.path.is_file():
            raise ArchiveError(f"{self.path} is not a file")
        tar_path = self.path
        if sealing.is_sealed(self.path):
            self.sealed = True
            passphrase = self._passphrase()
            # Private folder (mode 700) for the plaintext, which may hold the keys.
            self._tmp = tempfile.TemporaryDirectory(prefix="caucus-restore-")
            tar_path = Path(self._tmp.name, "archive.tar")
            with open(self.path, "rb") as source, _private_file(tar_path) as target:
                try:
                    sealing.unseal(source, target, passphrase)
                except sealing.SealError as exc:
                    self.__exit__(None, None, None)
                    raise ArchiveError(str(exc)) from exc
        try:
            self._tar = tarfile.open(tar_path, mode="r:*")
            self.manifest = json.load(self._member(MANIFEST))
        except (tarfile.TarError, KeyError, ValueError) as exc:
            self.__exit__(None, None, None)
            raise ArchiveError(f"{self.path} is not a Caucus backup archive ({exc})") from exc
        return self

    def __exit__(self, *exc_info) -> None:
        if self._tar is not None:
            self._tar.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    @property
    def tar(self) -> tarfile.TarFile:
        if self._tar is None:
            raise ArchiveError("the archive is not open")
        return self._tar

    def _member(self, name: str) -> IO[bytes]:
        member = self.tar.getmember(name)
        stream = self.tar.extractfile(member) if member.isfile() else None
        if stream is None:
            raise ArchiveError(f"{name} in the archive is not a regular file")
        return stream

    def verify(self) -> None:
        """Refuse an archive of another format, with an unlisted, unsafe or altered member."""
        if self.manifest.get("format") != FORMAT:
            raise ArchiveError(f"archive format {self.manifest.get('format')!r} is not {FORMAT}")
        files: dict[str, str] = self.manifest.get("files", {})
        listed = [member.name for member in self.tar.getmembers()]
        names = set(listed) - {MANIFEST}
        if len(listed) != len(set(listed)) or names != set(files):
            raise ArchiveError("the archive's members differ from its manifest")
        for name, expected in files.items():
            if not _safe_name(name):
                raise ArchiveError(f"unsafe member name {name!r}")
            if _sha256(self._member(name)) != expected:
                raise ArchiveError(f"{name} does not match its checksum: the archive was altered")

    def names(self, prefix: str) -> list[str]:
        return sorted(name for name in self.manifest["files"] if name.startswith(prefix))

    def open(self, name: str) -> IO[bytes]:
        return self._member(name)

    def lines(self, name: str) -> Iterator[str]:
        for raw in self._member(name):
            yield raw.decode()
