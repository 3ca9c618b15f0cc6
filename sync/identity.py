"""Identities: the keys of an office or a device, their fingerprints, export and enrollment.

Every home has two key pairs under `<home>/keys/`: Ed25519 to sign what it sends, X25519 so that
bundles can be encrypted to it. Private keys are PEM (PKCS#8) files sealed with the home's data
key (storage.files: unreadable without the PIN) and created owner-only (0600); the public half
is in `identity.json`, plain. A device also keeps the office's public key
(`office.json`), taken from the file `doorstep keys show --export FILE` writes at the office, so
that it encrypts to the right office and trusts only assignment bundles that office signed.

A key is named by its fingerprint: SHA-256 over both public keys, shown as 32 base32 characters
in groups of four (and as a QR code) so that two people can compare them by eye. The shorter
`key_id` (hex) is what bundles carry in their headers.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from doorstep.i18n import Message, UserError
from doorstep.i18n.shown import printable
from doorstep.storage.atomic import write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.files import HomeFiles
from doorstep.storage.home import Home
from doorstep.sync.messages import msg

Role = Literal["office", "device"]

SIGNING_FILE = "signing.pem"
ENCRYPTION_FILE = "encryption.pem"
IDENTITY_FILE = "identity.json"
OFFICE_FILE = "office.json"
PUBLIC_KEY_FORMAT = 1
FINGERPRINT_LABEL = b"doorstep-key/1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(value: Any, length: int | None = None) -> bytes:
    """Decode strict base64 (no stray characters), optionally of an exact length."""
    if not isinstance(value, str):
        raise ValueError("not a base64 string")
    raw = base64.b64decode(value.encode("ascii"), validate=True)
    if length is not None and len(raw) != length:
        raise ValueError(f"{len(raw)} bytes where {length} were expected")
    return raw


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class PublicIdentity:
    """The public half of an office's or a device's identity: what others store about it."""

    role: Role
    name: str
    signing_key: Ed25519PublicKey
    encryption_key: X25519PublicKey
    # A device's home id (home.json), which every visit it records carries as `device`: the
    # office binds it to this key at enrolment, so that a bundle speaks only for its signer's
    # visits. Not covered by the fingerprint (that names the keys); "" in an office's key and in
    # key files written before doorstep knew it.
    home: str = ""

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(
            FINGERPRINT_LABEL + raw_public(self.signing_key) + raw_public(self.encryption_key)
        ).digest()

    @property
    def key_id(self) -> str:
        """32 hex characters naming this key pair in bundle headers."""
        return self.digest[:16].hex()

    @property
    def fingerprint(self) -> str:
        """What people compare by eye: 'ABCD EFGH ...', 8 groups of 4 base32 characters."""
        return group(base64.b32encode(self.digest[:20]).decode("ascii"))

    def to_json(self) -> dict[str, Any]:
        out = {
            "doorstep_public_key": PUBLIC_KEY_FORMAT,
            "role": self.role,
            "name": self.name,
            "signing_key": b64(raw_public(self.signing_key)),
            "encryption_key": b64(raw_public(self.encryption_key)),
            "fingerprint": self.fingerprint,
        }
        if self.home:
            out["home"] = self.home
        return out

    @classmethod
    def from_json(cls, data: Any) -> PublicIdentity:
        """Parse an exported public key; ValueError says what is wrong with it."""
        if not isinstance(data, dict) or data.get("doorstep_public_key") != PUBLIC_KEY_FORMAT:
            raise ValueError("not a doorstep public key (format 1)")
        role = data.get("role")
        if role not in ("office", "device"):
            raise ValueError(f"unknown role {role!r}")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ValueError("missing or bad name")
        if not printable(name):
            raise ValueError("the name holds control characters or escape sequences")
        home = data.get("home", "")
        if not isinstance(home, str) or len(home) > 100 or not printable(home):
            raise ValueError("bad home id")
        identity = cls(
            role=role,
            name=name,
            signing_key=Ed25519PublicKey.from_public_bytes(unb64(data.get("signing_key"), 32)),
            encryption_key=X25519PublicKey.from_public_bytes(unb64(data.get("encryption_key"), 32)),
            home=home,
        )
        if "fingerprint" in data and data["fingerprint"] != identity.fingerprint:
            raise ValueError("the fingerprint does not match the keys (a damaged or edited file)")
        return identity


@dataclass(frozen=True)
class Identity:
    """A home's own identity, private keys included. Never leaves the home except in a backup."""

    public: PublicIdentity
    signing_private: Ed25519PrivateKey
    encryption_private: X25519PrivateKey

    @property
    def role(self) -> Role:
        return self.public.role

    @property
    def name(self) -> str:
        return self.public.name


def group(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def qr_text(data: str) -> str:
    """`data` as a QR code drawn with half-block characters, for a terminal.

    Inverted so that it scans on the usual light-on-dark terminal: dark modules are blank cells.
    """
    import qrcode  # here: every merge imports this module, few draw a code (~20 ms to import)

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


# ---------------------------------------------------------------- files


def home_files(home: Home) -> HomeFiles:
    """The home's file layer: its private keys are sealed with its data key like its store."""
    if home.files is None:  # opened locked (Home.open_locked): unlock it from the environment
        home = Home.open(home.path)
    assert home.files is not None
    return home.files


def write_private(path: Path, data: bytes, home: Home) -> None:
    """Create `path` sealed with `home`'s data key, owner-only; never overwrite one."""
    home_files(home).create_private(path, data)


def write_public(path: Path, data: dict[str, Any], *, mode: int = 0o600) -> None:
    """A public key file: 0600 inside a home like every file there; an export is for others."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"), mode=mode)


def ensure_recovery_key(home: Home, office: PublicIdentity) -> None:
    """On an encrypted laptop, wrap its data key to the office's encryption key as well, so that
    the office can set a new PIN if the volunteer forgets it (`doorstep device recover`)."""
    home.set_recovery_key(raw_public(office.encryption_key), office.key_id)


def private_pem(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def read_public_key_file(path: Path) -> PublicIdentity:
    """An exported public key (`doorstep keys show --export`), or a UserError naming the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(msg("key_file_unreadable", path=str(path), reason=exc.strerror or str(exc))) from None
    try:
        if len(raw) > 64 * 1024:
            raise ValueError
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or "doorstep_public_key" not in data:
            raise ValueError
    except ValueError:  # not JSON, not UTF-8, not a key at all: a file picked by mistake
        raise UserError(msg("key_file_not_key", path=str(path))) from None
    try:
        return PublicIdentity.from_json(data)
    except ValueError as exc:  # a key, but damaged or edited: say how
        raise UserError(msg("key_file_unreadable", path=str(path), reason=str(exc))) from None


def read_office_key_file(path: Path) -> PublicIdentity:
    office = read_public_key_file(path)
    if office.role != "office":
        raise UserError(msg("key_file_not_office", path=str(path), role=office.role, name=office.name))
    return office


def create_identity(
    home: Home,
    office_key: Path | None = None,
    *,
    name: str | None = None,
) -> PublicIdentity:
    """Give a new home its keys. Called by `doorstep init` right after the home is created.

    The role is the home's kind (`home.kind`), never guessed from the arguments: a device may be
    created before its office's key reaches it (it trusts the office later, `trust_office`).
    With `office_key`, a device trusts the office whose public key that file holds (checked
    first, so nothing is written if it is bad); an office refuses one. The name is `name`, else
    the home's own (`home.name`), else the folder's name. Existing keys are never overwritten.
    """
    role = home.kind
    if role == "office" and office_key is not None:
        raise UserError(msg("office_key_on_office", path=str(home.path)))
    office = read_office_key_file(office_key) if office_key is not None else None
    label = name or home.name or home.path.name
    folder = home.keys_dir
    if (folder / SIGNING_FILE).exists() or (folder / ENCRYPTION_FILE).exists():
        raise UserError(msg("keys_exist", path=str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    signing = Ed25519PrivateKey.generate()
    encryption = X25519PrivateKey.generate()
    public = PublicIdentity(role, str(label), signing.public_key(), encryption.public_key())
    write_private(folder / SIGNING_FILE, private_pem(signing), home)
    write_private(folder / ENCRYPTION_FILE, private_pem(encryption), home)
    if office is not None:
        write_public(folder / OFFICE_FILE, office.to_json())
        ensure_recovery_key(home, office)
    record = public.to_json() | {"created": datetime.now(UTC).isoformat(timespec="seconds")}
    write_public(folder / IDENTITY_FILE, record)
    return public


def no_keys(home: Home) -> Message:
    """What to do about a home without keys: a laptop's are made by the app (a first start
    that stopped before them, or a home made by an older doorstep); an office's come back from
    its backup. `doorstep init` refuses an existing home, so it is never the next step."""
    key = "no_keys_device" if home.kind == "device" else "no_keys_office"
    return msg(key, path=str(home.path))


def has_identity(home: Home) -> bool:
    return (home.keys_dir / IDENTITY_FILE).exists()


def load_public_identity(home: Home) -> PublicIdentity:
    path = home.keys_dir / IDENTITY_FILE
    if not path.exists():
        raise UserError(no_keys(home))
    try:
        return PublicIdentity.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise UserError(msg("key_damaged", path=str(path), reason=str(exc))) from None


def load_identity(home: Home) -> Identity:
    """The home's own identity with its private keys, checked against identity.json."""
    public = load_public_identity(home)
    folder = home.keys_dir
    files = home_files(home)
    signing = _load_private(folder / SIGNING_FILE, Ed25519PrivateKey, files)
    encryption = _load_private(folder / ENCRYPTION_FILE, X25519PrivateKey, files)
    if raw_public(signing.public_key()) != raw_public(public.signing_key) or raw_public(
        encryption.public_key()
    ) != raw_public(public.encryption_key):
        raise UserError(msg("key_damaged", path=str(folder), reason="private and public keys differ"))
    return Identity(public, signing, encryption)


def _load_private(path: Path, kind: type, files: Any) -> Any:
    try:
        key = serialization.load_pem_private_key(files.read(path), password=None)
    except FileNotFoundError:
        raise UserError(msg("no_keys", path=str(path.parent.parent))) from None
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise UserError(msg("key_damaged", path=str(path), reason=str(exc) or type(exc).__name__)) from None
    if not isinstance(key, kind):
        raise UserError(msg("key_damaged", path=str(path), reason="not the expected kind of key"))
    return key


def has_office_key(home: Home) -> bool:
    return (home.keys_dir / OFFICE_FILE).exists()


def load_office_key(home: Home) -> PublicIdentity:
    """The office a device trusts (a device only); a UserError saying how to trust one if none."""
    path = home.keys_dir / OFFICE_FILE
    if not path.exists():
        if home.kind == "office":
            raise UserError(msg("only_device", path=str(home.path)))
        raise UserError(msg("no_office_key", path=str(home.path)))
    try:
        return PublicIdentity.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise UserError(msg("key_damaged", path=str(path), reason=str(exc))) from None


def export_public_key(home: Home, out: Path) -> PublicIdentity:
    """Write the home's public key to `out`, for `doorstep init device --office-key` or `device add`.

    A device's file also names its home id (the `device` its visits carry), taken from the home
    itself rather than from identity.json, so that keys restored into another home export that
    home's id."""
    public = load_public_identity(home)
    if public.role == "device":
        public = replace(public, home=home.home_id)
    write_public(Path(out), public.to_json(), mode=0o666)
    return public


@contextlib.contextmanager
def writer_of(home: Home, store: StoreBackend | None = None) -> Iterator[StoreBackend]:
    """The store to write to: `store` when the caller already holds the home's writer (the TUI
    keeps it for its whole session, and a second writer in the same process would be refused),
    else the home's writer for the length of the block."""
    if store is not None:
        yield store
        return
    with home.writer() as opened:
        yield opened
