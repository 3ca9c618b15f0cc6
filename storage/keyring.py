"""The keyring of an encrypted home (`keyring.json`): its data key, wrapped, and how to unwrap it.

The data key is random and never changes (so changing the PIN rewrites one small file, not the
store). It is wrapped twice:

- by a key derived from the PIN or passphrase with Argon2id; the parameters and the salt are
  recorded beside it, so that each home says what it costs to open, and tests can make homes
  that are cheap to open (`DOORSTEP_TEST_WEAK_KDF`, below) without lowering anyone's default;
- on a laptop, also to the office's X25519 public key (an ephemeral key pair, X25519 + HKDF),
  so that the office, with its private key, can set a new PIN when a volunteer forgets theirs.

Each wrap is AES-256-GCM whose associated data is everything else recorded about that wrap and
the home's id: an edited parameter makes the wrap refuse to open instead of opening wrongly.
The file holds no personal data and is readable before unlocking; it is written atomically.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEYRING_FILE = "keyring.json"
KEYRING_FORMAT = 1
# About half a second on the 2-core laptops doorstep runs on (measured: 0.46 s best of three on
# the shared build box); 64 MiB so that a GPU guessing PINs pays in memory, not only in time.
DEFAULT_KDF: dict[str, int] = {"t": 2, "m": 65536, "p": 2}
# For test suites only: hundreds of tests create and open homes, many in subprocesses, and half a
# second each would double the suite. Chosen only when DOORSTEP_TEST_WEAK_KDF=1 is in the
# environment at the moment a PIN is set; a home made so is re-wrapped with DEFAULT_KDF the
# first time it is unlocked without that variable. Never set it for real data.
TEST_KDF: dict[str, int] = {"t": 1, "m": 8, "p": 1}
TEST_KDF_ENV = "DOORSTEP_TEST_WEAK_KDF"
_LIMITS = {"t": (1, 16), "m": (8, 1 << 21), "p": (1, 8)}
RECOVERY_INFO = b"doorstep-recovery/1"


class WrongSecret(Exception):
    """The PIN or passphrase does not unwrap the data key."""


class KeyringDamaged(ValueError):
    """keyring.json is not a keyring doorstep can read."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise KeyringDamaged("not base64")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except ValueError as exc:
        raise KeyringDamaged(str(exc)) from None


def test_kdf_requested() -> bool:
    return os.environ.get(TEST_KDF_ENV) == "1"


def kdf_for_new_secret() -> dict[str, int]:
    return dict(TEST_KDF if test_kdf_requested() else DEFAULT_KDF)


def _derive(secret: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=params["t"], memory_cost=params["m"],
                           parallelism=params["p"], hash_len=32, type=Type.ID)


def _aad(home_id: str, kind: str, fields: dict[str, Any]) -> bytes:
    record = {"home": home_id, "wrap": kind, **{k: v for k, v in fields.items() if k != "wrapped"}}
    return json.dumps(record, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _recovery_key(shared: bytes, home_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=RECOVERY_INFO + home_id.encode("utf-8")).derive(shared)


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass
class Keyring:
    home_id: str
    secret_wrap: dict[str, Any]
    office_wrap: dict[str, Any] | None = None
    plain_left: bool = False  # an upgrade from a plain home is under way: plain files remain

    # -- making and changing -----------------------------------------------------------------------
    @classmethod
    def new(cls, home_id: str, data_key: bytes, secret: str, *, plain_left: bool = False) -> Keyring:
        ring = cls(home_id, {}, None, plain_left)
        ring.set_secret(data_key, secret)
        return ring

    def set_secret(self, data_key: bytes, secret: str, params: dict[str, int] | None = None) -> None:
        cost = dict(params or kdf_for_new_secret())
        salt = os.urandom(16)
        kdf: dict[str, Any] = {"name": "argon2id", **cost, "salt": b64(salt)}
        fields: dict[str, Any] = {"kdf": kdf, "nonce": b64(os.urandom(12))}
        key = _derive(secret, salt, cost)
        fields["wrapped"] = b64(AESGCM(key).encrypt(unb64(fields["nonce"]), data_key,
                                                    _aad(self.home_id, "secret", fields)))
        self.secret_wrap = fields

    def set_office(self, data_key: bytes, office_public: bytes, office_key_id: str) -> None:
        ephemeral = X25519PrivateKey.generate()
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(office_public))
        fields: dict[str, Any] = {"key_id": office_key_id, "ephemeral": b64(_raw(ephemeral.public_key())),
                                  "nonce": b64(os.urandom(12))}
        fields["wrapped"] = b64(AESGCM(_recovery_key(shared, self.home_id)).encrypt(
            unb64(fields["nonce"]), data_key, _aad(self.home_id, "office", fields)))
        self.office_wrap = fields

    # -- opening ------------------------------------------------------------------------------------
    @property
    def kdf(self) -> dict[str, int]:
        kdf = self.secret_wrap["kdf"]
        return {k: kdf[k] for k in ("t", "m", "p")}

    def weaker_than_default(self) -> bool:
        return self.kdf["m"] < DEFAULT_KDF["m"] or self.kdf["t"] < DEFAULT_KDF["t"]

    def unwrap(self, secret: str) -> bytes:
        fields = self.secret_wrap
        key = _derive(secret, unb64(fields["kdf"]["salt"]), self.kdf)
        try:
            return AESGCM(key).decrypt(unb64(fields["nonce"]), unb64(fields["wrapped"]),
                                       _aad(self.home_id, "secret", fields))
        except InvalidTag:
            raise WrongSecret from None

    def recover(self, office_private: X25519PrivateKey) -> bytes:
        """The data key, unwrapped with the office's private key (WrongSecret: another office)."""
        fields = self.office_wrap
        if not fields:
            raise WrongSecret
        shared = office_private.exchange(X25519PublicKey.from_public_bytes(unb64(fields["ephemeral"])))
        try:
            return AESGCM(_recovery_key(shared, self.home_id)).decrypt(
                unb64(fields["nonce"]), unb64(fields["wrapped"]), _aad(self.home_id, "office", fields))
        except (InvalidTag, ValueError):
            raise WrongSecret from None

    @property
    def secret_fingerprint(self) -> str:
        """Changes whenever the PIN is set again: lets an unlock cache tell wraps apart."""
        return self.secret_wrap["kdf"]["salt"] + self.secret_wrap["wrapped"]

    # -- the file -----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"doorstep_keyring": KEYRING_FORMAT, "cipher": "aes-256-gcm", "home": self.home_id,
                "secret": self.secret_wrap, "office": self.office_wrap, "plain_left": self.plain_left}

    def encode(self) -> bytes:
        return (json.dumps(self.to_json(), indent=1) + "\n").encode("ascii")

    @classmethod
    def parse(cls, raw: bytes) -> Keyring:
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("doorstep_keyring") != KEYRING_FORMAT:
                raise KeyringDamaged("not a doorstep keyring (format 1)")
            secret = data["secret"]
            kdf = secret["kdf"]
            if kdf.get("name") != "argon2id":
                raise KeyringDamaged("unknown key derivation")
            for name, (low, high) in _LIMITS.items():
                value = kdf[name]
                if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                    raise KeyringDamaged(f"key derivation parameter {name} out of range")
            for field in ("nonce", "wrapped"):
                unb64(secret[field])
            unb64(kdf["salt"])
            office = data.get("office")
            if office is not None and not isinstance(office, dict):
                raise KeyringDamaged("bad office wrap")
            return cls(str(data["home"]), secret, office, bool(data.get("plain_left", False)))
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise KeyringDamaged(str(exc) or type(exc).__name__) from None


def keyring_path(home_path: Path) -> Path:
    return home_path / KEYRING_FILE


def has_keyring(home_path: Path) -> bool:
    return keyring_path(home_path).is_file()
