"""Sealing: the AEAD that every file of an encrypted home goes through.

A sealed file is `MAGIC (8 bytes) | nonce (12) | AES-256-GCM(data key, plaintext, aad)`, where
the associated data is the magic and the home's id, so a file sealed for one home does not open
as another's. The nonce is random for every write: a laptop writes a few hundred thousand files
in its life, far below the 2^32 messages a random-nonce GCM key stands. AES-GCM rather than
ChaCha20-Poly1305 because every laptop CPU of the last decade has AES instructions, which keeps
the 68 MB store of a large office at tens of milliseconds to seal.

A plain home (made before encryption, not yet upgraded) reads through `PlainSealer`, which is
only ever used to read the old files once and write them again sealed.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"DSTEP\x00S1"
NONCE_LEN = 12
TAG_LEN = 16  # AES-GCM's tag, at the end of every sealed file
KEY_LEN = 32


class SealError(ValueError):
    """A sealed file that does not open: damaged, or sealed under another key."""


def is_sealed(raw: bytes) -> bool:
    return raw[: len(MAGIC)] == MAGIC


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class Sealer:
    """The data key of one unlocked home."""

    encrypted = True

    def __init__(self, data_key: bytes, home_id: str) -> None:
        if len(data_key) != KEY_LEN:
            raise ValueError("a data key is 32 bytes")
        self._aead = AESGCM(data_key)
        self._aad = MAGIC + home_id.encode("utf-8")

    def seal(self, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, self._aad)

    def unseal(self, raw: bytes) -> bytes:
        if not is_sealed(raw):
            raise SealError("not an encrypted file of this home")
        head = len(MAGIC)
        try:
            return self._aead.decrypt(raw[head : head + NONCE_LEN], raw[head + NONCE_LEN :], self._aad)
        except InvalidTag:
            raise SealError("damaged, or encrypted under another key") from None


class PlainSealer:
    """A home that is not encrypted (yet): files are read and written as they are."""

    encrypted = False

    def seal(self, data: bytes) -> bytes:
        return data

    def unseal(self, raw: bytes) -> bytes:
        if is_sealed(raw):
            raise SealError("an encrypted file in a home without keys")
        return raw
