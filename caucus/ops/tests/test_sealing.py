"""Encrypted archives open only with the right passphrase and only when nothing was changed."""

import io
import struct
from unittest import mock

from django.test import SimpleTestCase

from caucus.ops import sealing

DATA = bytes(range(256)) * 40  # 10,240 bytes: eleven chunks of 1,000
PASSPHRASE = "correct horse battery"


@mock.patch.object(sealing, "CHUNK", 1000)
@mock.patch.object(sealing, "N_LOG2", 12)  # cheap scrypt for tests; the header records it
class SealingTestCase(SimpleTestCase):
    def sealed(self, data: bytes = DATA) -> bytes:
        out = io.BytesIO()
        sealing.seal(io.BytesIO(data), out, PASSPHRASE)
        return out.getvalue()

    def unseal(self, sealed: bytes, passphrase: str = PASSPHRASE) -> bytes:
        out = io.BytesIO()
        sealing.unseal(io.BytesIO(sealed), out, passphrase)
        return out.getvalue()

    def records(self, sealed: bytes) -> tuple[bytes, list[bytes]]:
        header, rest = sealed[: len(sealing.MAGIC) + 19], sealed[len(sealing.MAGIC) + 19 :]
        records = []
        while rest:
            (length,) = struct.unpack(">I", rest[:4])
            records.append(rest[: 4 + length])
            rest = rest[4 + length :]
        return header, records

    def test_it_round_trips_in_chunks(self):
        sealed = self.sealed()
        self.assertNotIn(DATA[:64], sealed)
        self.assertEqual(len(self.records(sealed)[1]), 11)
        self.assertEqual(self.unseal(sealed), DATA)

    def test_it_round_trips_empty_and_exact_multiples(self):
        for data in (b"", DATA[:3000]):
            self.assertEqual(self.unseal(self.sealed(data)), data)

    def test_it_refuses_a_wrong_passphrase(self):
        with self.assertRaisesMessage(sealing.SealError, "wrong passphrase"):
            self.unseal(self.sealed(), PASSPHRASE + "!")

    def test_it_refuses_a_flipped_bit(self):
        sealed = bytearray(self.sealed())
        sealed[-500] ^= 1
        with self.assertRaisesMessage(sealing.SealError, "altered"):
            self.unseal(bytes(sealed))

    def test_it_refuses_a_cut_archive(self):
        header, records = self.records(self.sealed())
        with self.assertRaisesMessage(sealing.SealError, "altered or truncated"):
            self.unseal(header + b"".join(records[:-1]))
        with self.assertRaisesMessage(sealing.SealError, "truncated"):
            self.unseal(header + b"".join(records)[:-3])

    def test_it_refuses_reordered_chunks(self):
        header, records = self.records(self.sealed())
        records[2], records[3] = records[3], records[2]
        with self.assertRaises(sealing.SealError):
            self.unseal(header + b"".join(records))

    def test_it_refuses_an_edited_header(self):
        sealed = bytearray(self.sealed())
        sealed[len(sealing.MAGIC)] ^= 1  # the salt
        with self.assertRaises(sealing.SealError):
            self.unseal(bytes(sealed))

    def test_it_refuses_what_is_not_sealed(self):
        with self.assertRaisesMessage(sealing.SealError, "not an encrypted"):
            self.unseal(b"plain tar data" * 10)
