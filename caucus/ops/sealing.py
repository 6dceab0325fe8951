"""Passphrase encryption of a backup archive, streamed in chunks (scrypt + AES-256-GCM).

Layout: MAGIC, a 16-byte salt, the scrypt cost (log2 n, r, p as one byte each), then records
of a 4-byte big-endian length and one sealed chunk. Chunk i is sealed under nonce = i (11
bytes) + a final flag (1 byte), with the header as associated data, so a reordered, dropped or
truncated chunk, an edited header or a wrong passphrase all fail to open.
"""

import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"CAUCUS-SEALED-1\n"
CHUNK = 1 << 20
TAG = 16
# scrypt with n = 2**17, r = 8: 128 MiB and about half a second per attempt on this machine.
N_LOG2, R, P = 17, 8, 1
MAX_N_LOG2 = 20  # refuse headers that would make us spend more than 1 GiB deriving the key


class SealError(Exception):
    pass


def is_sealed(path: str | os.PathLike) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _key(passphrase: str, salt: bytes, n_log2: int, r: int, p: int) -> AESGCM:
    kdf = Scrypt(salt=salt, length=32, n=2**n_log2, r=r, p=p)
    return AESGCM(kdf.derive(passphrase.encode()))


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def seal(source: BinaryIO, target: BinaryIO, passphrase: str) -> None:
    salt = os.urandom(16)
    header = MAGIC + salt + bytes([N_LOG2, R, P])
    aead = _key(passphrase, salt, N_LOG2, R, P)
    target.write(header)
    index, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        final = not following
        sealed = aead.encrypt(_nonce(index, final), chunk, header)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if final:
            return
        index, chunk = index + 1, following


def _read_record(source: BinaryIO) -> bytes | None:
    prefix = source.read(4)
    if not prefix:
        return None
    if len(prefix) != 4:
        raise SealError("the archive is truncated")
    (length,) = struct.unpack(">I", prefix)
    if not TAG <= length <= CHUNK + TAG:
        raise SealError("the archive is damaged")
    record = source.read(length)
    if len(record) != length:
        raise SealError("the archive is truncated")
    return record


def unseal(source: BinaryIO, target: BinaryIO, passphrase: str) -> None:
    header = source.read(len(MAGIC) + 19)
    if len(header) != len(MAGIC) + 19 or not header.startswith(MAGIC):
        raise SealError("this is not an encrypted Caucus archive")
    salt, (n_log2, r, p) = header[len(MAGIC) : -3], header[-3:]
    if not (10 <= n_log2 <= MAX_N_LOG2 and 1 <= r <= 32 and 1 <= p <= 16):
        raise SealError("the archive's header is damaged")
    aead = _key(passphrase, salt, n_log2, r, p)
    index, record = 0, _read_record(source)
    if record is None:
        raise SealError("the archive is truncated")
    while record is not None:
        following = _read_record(source)
        try:
            target.write(aead.decrypt(_nonce(index, following is None), record, header))
        except InvalidTag as exc:
            if index == 0:
                raise SealError("wrong passphrase, or the archive was altered") from exc
            raise SealError("the archive was altered or truncated") from exc
        index, record = index + 1, following
