"""A passphrase-protected copy of a home's keys (`doorstep keys backup --out FILE`), and its restore.

The office's private keys are the only way to read the bundles devices send. If they are lost
(a dead disk, a reinstalled computer), every bundle in transit is unreadable and every device
must be enrolled again. The passphrase must pass storage.secret_rules.check_passphrase (10
characters and a zxcvbn score of 3), and the file is created owner-only. The backup file is
JSON: scrypt (N=2^17, r=8, p=1) turns the passphrase
into a key, ChaCha20-Poly1305 encrypts the keys, and the file's own parameters are the associated
data, so that changing any of them makes the file refuse to open rather than open wrongly.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from doorstep.i18n import UserError
from doorstep.storage.atomic import write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.storage.secret_rules import check_passphrase
from doorstep.sync import canonical
from doorstep.sync.identity import (
    ENCRYPTION_FILE,
    IDENTITY_FILE,
    OFFICE_FILE,
    SIGNING_FILE,
    PublicIdentity,
    b64,
    load_identity,
    private_pem,
    unb64,
    write_private,
    write_public,
    writer_of,
)
from doorstep.sync.messages import msg

BACKUP_FORMAT = 1
SCRYPT = {"n": 2**17, "r": 8, "p": 1}


def _kdf(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(
        passphrase.encode("utf-8"))


def write_backup(home: Home, out: Path, passphrase: str) -> None:
    check_passphrase(passphrase)
    me = load_identity(home)
    office_path = home.keys_dir / OFFICE_FILE
    secret = canonical.dumps({
        "identity": me.public.to_json(),
        "signing": b64(me.signing_private.private_bytes_raw()),
        "encryption": b64(me.encryption_private.private_bytes_raw()),
        "office": json.loads(office_path.read_text(encoding="utf-8")) if office_path.exists() else None,
    })
    salt = os.urandom(16)
    nonce = os.urandom(12)
    outer: dict[str, Any] = {
        "doorstep_key_backup": BACKUP_FORMAT,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": b64(salt)},
        "cipher": "chacha20-poly1305",
        "nonce": b64(nonce),
        "fingerprint": me.public.fingerprint,
    }
    key = _kdf(passphrase, salt, SCRYPT)
    outer["ciphertext"] = b64(ChaCha20Poly1305(key).encrypt(nonce, secret, canonical.dumps(outer)))
    # Owner-only: the file is only as strong as its passphrase, so it is not left for others to try.
    write_atomic(Path(out), (json.dumps(outer, indent=2) + "\n").encode("ascii"), mode=0o600)


def read_backup(path: Path, passphrase: str) -> dict[str, Any]:
    """The keys inside a backup, or a UserError (not a backup / wrong passphrase)."""
    path = Path(path)
    try:
        outer = json.loads(path.read_bytes()[: 1024 * 1024].decode("utf-8"))
        if not isinstance(outer, dict) or outer.get("doorstep_key_backup") != BACKUP_FORMAT:
            raise ValueError
        kdf = outer["kdf"]
        params = {k: int(kdf[k]) for k in ("n", "r", "p")}
        sane = 2**14 <= params["n"] <= 2**20 and params["r"] <= 16 and params["p"] <= 4
        if kdf["name"] != "scrypt" or not sane:
            raise ValueError
        salt, nonce = unb64(kdf["salt"]), unb64(outer["nonce"], 12)
        ciphertext = unb64(outer.pop("ciphertext"))
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise UserError(msg("backup_not_backup", path=str(path))) from None
    try:
        secret = ChaCha20Poly1305(_kdf(passphrase, salt, params)).decrypt(
            nonce, ciphertext, canonical.dumps(outer))
        return canonical.loads(secret)
    except (InvalidTag, canonical.CanonicalError):
        raise UserError(msg("backup_wrong_passphrase", path=str(path))) from None


def restore_backup(home: Home, path: Path, passphrase: str, *,
                   store: StoreBackend | None = None) -> PublicIdentity:
    """Put a backup's keys into `home`. Keys already there are moved aside, never deleted.

    The keys change only under the home's writer lock (`store`: the caller's writer, if it holds
    one), so that a merge or an assignment under way never sees them replaced half-way.
    """
    data = read_backup(path, passphrase)
    with writer_of(home, store):
        return _put_keys(home, data, path)


def _put_keys(home: Home, data: dict[str, Any], path: Path) -> PublicIdentity:
    try:
        public = PublicIdentity.from_json(data["identity"])
        signing = Ed25519PrivateKey.from_private_bytes(unb64(data["signing"], 32))
        encryption = X25519PrivateKey.from_private_bytes(unb64(data["encryption"], 32))
    except (KeyError, ValueError, TypeError):
        raise UserError(msg("backup_not_backup", path=str(path))) from None
    folder = home.keys_dir
    if (folder / SIGNING_FILE).exists():
        aside = folder / ("replaced-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f"))
        aside.mkdir(mode=0o700, parents=True)
        for name in (SIGNING_FILE, ENCRYPTION_FILE, IDENTITY_FILE, OFFICE_FILE):
            if (folder / name).exists():
                shutil.move(str(folder / name), str(aside / name))
    folder.mkdir(parents=True, exist_ok=True)
    write_private(folder / SIGNING_FILE, private_pem(signing), home)
    write_private(folder / ENCRYPTION_FILE, private_pem(encryption), home)
    if data.get("office"):
        write_public(folder / OFFICE_FILE, data["office"])
    write_public(folder / IDENTITY_FILE, public.to_json())
    return public
