"""The bundle on disk: a signed envelope around a header in clear and an encrypted payload.

Layout (docs/bundle-format.md has every field). The file is one line of JSON:

    {"format":"doorstep-bundle/1","sender":"<key id>","signature":"<base64>","signed":<SIGNED>}\\n

where SIGNED is canonical JSON `{"header": {...}, "payload": {"ephemeral": ..., "ciphertext": ...}}`
and the signature is Ed25519 by the sender over exactly those bytes. Because the prefix has a fixed
shape, a reader finds the sender's key and the signature with one regular expression over bytes and
verifies the signature before it parses any JSON at all.

Encryption: X25519 with an ephemeral key, HKDF-SHA256, ChaCha20-Poly1305 with the header's
canonical bytes as associated data. The ephemeral key and the salt inside the plaintext are
derived from the sender's private key and the content (not drawn at random), so that the same
content exported twice is the same file, byte for byte; the reasoning is in the format document.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from doorstep.i18n import Lang, Message, UserError
from doorstep.i18n.shown import shown
from doorstep.sync import canonical
from doorstep.sync.identity import Identity, PublicIdentity, b64, raw_public
from doorstep.sync.messages import MESSAGES
from doorstep.sync.records import BundleHeader, BundleKind

FORMAT_VERSION = 1
FORMAT = f"doorstep-bundle/{FORMAT_VERSION}"
KINDS = ("visits", "assignment")
MAX_BUNDLE_BYTES = 64 * 1024 * 1024  # far above a real bundle (50 visits are ~100 kB)
MAX_PLAINTEXT_BYTES = 256 * 1024 * 1024  # a decompression bomb stops here
# A laptop numbers its bundles 1, 2, 3, ... (ten a day for 270 years stay below this). The office
# lists every number below a device's highest that never came (sync.merge's gaps, at the end of
# each merge and on its screens): one bundle numbered 2**52 would make that list endless.
MAX_SEQUENCE = 1_000_000
NONCE = bytes(12)  # every payload key is used once (fresh ephemeral per header): see the docs
PAYLOAD_INFO = b"doorstep-bundle/1 payload key"
EPHEMERAL_INFO = b"doorstep-bundle/1 ephemeral"
SALT_LABEL = b"doorstep-bundle/1 salt"

_FORMAT_RE = re.compile(rb'\A\{"format":"doorstep-bundle/([0-9]{1,9})"')
_ENVELOPE_RE = re.compile(
    rb'\A\{"format":"doorstep-bundle/1","sender":"([0-9a-f]{32})",'
    rb'"signature":"([A-Za-z0-9+/]{86}==)","signed":'
)
_ENVELOPE_END = b"}\n"


class BundleRefused(UserError):
    """A bundle that fails a check. `reason` is the message key; `path` the file, if any.

    The file's name and every text parameter come from outside (a stick's file names, a
    bundle's field names and values), so they are kept as shown() makes them: the message is
    printed as it is by the command line (`bundle import`, `verify`) and the screens. A
    parameter that renders itself (a nested UserError, a Message) is rendered in the reader's
    language, then shown."""

    def __init__(self, reason: str, path: Path | str | None = None, **params: Any) -> None:
        self.reason = reason
        self.path = shown(str(path)) if path is not None else None
        self.params = {k: _brief(v) if isinstance(v, str) else v for k, v in params.items()}
        super().__init__(Message(MESSAGES, "why_" + reason, self.params))

    def why(self, lang: Lang) -> str:
        """Why it was refused, without the file's name (for a list that already shows it)."""
        params = {k: _brief(v.render(lang)) if isinstance(v, _Renders) else v for k, v in self.params.items()}
        return Message(MESSAGES, "why_" + self.reason, params).render(lang)

    def render(self, lang: Lang) -> str:
        """One line: the file, then why it was refused."""
        why = self.why(lang)
        return f"{self.path}: {why}" if self.path else why


MAX_SHOWN = 200  # characters of one outside value in a message: a refusal stays one line


@runtime_checkable
class _Renders(Protocol):
    """A parameter that renders itself in the reader's language (a Message, a UserError)."""

    def render(self, lang: Lang) -> str: ...


def _brief(value: str) -> str:
    value = shown(value)
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


@dataclass(frozen=True)
class Opened:
    """A bundle that passed every check of the envelope: signature, recipient, decryption, hash."""

    header: BundleHeader
    content: dict[str, Any]
    sender: PublicIdentity
    size: int

    @property
    def id(self) -> str:
        return self.header["id"]

    @property
    def kind(self) -> BundleKind:
        return self.header["kind"]

    @property
    def sequence(self) -> int:
        return self.header["sequence"]


# ------------------------------------------------------------------ writing


def plaintext_of(kind: BundleKind, content: Mapping[str, Any], sender: Identity,
                 recipient: PublicIdentity) -> bytes:
    """The canonical plaintext: the content with who it is from and for, and a derived salt.

    The salt (an HMAC of the content under a key derived from the sender's private key) keeps the
    content hash in the clear header from confirming a guess of the content.
    """
    body = {"kind": kind, "sender": sender.public.key_id, "recipient": recipient.key_id, "content": content}
    salt_key = _derive(sender, SALT_LABEL, b"")
    salt = hmac.new(salt_key, canonical.dumps(body), hashlib.sha256).digest()[:16]
    return canonical.dumps(body | {"salt": b64(salt)})


def content_hash(plaintext: bytes) -> str:
    return hashlib.sha256(plaintext).hexdigest()


def bundle_id(hash_hex: str) -> str:
    return hash_hex[:32]


def header_for(
    kind: BundleKind,
    plaintext: bytes,
    sender: Identity,
    recipient: PublicIdentity,
    *,
    sequence: int,
    created: str,
    counts: dict[str, int],
) -> BundleHeader:
    digest = content_hash(plaintext)
    return {
        "format": FORMAT,
        "kind": kind,
        "id": bundle_id(digest),
        "sender": sender.public.key_id,
        "recipient": recipient.key_id,
        "sequence": sequence,
        "created": created,
        "counts": dict(counts),
        "content_hash": digest,
    }


def seal(header: BundleHeader, plaintext: bytes, sender: Identity, recipient: PublicIdentity) -> bytes:
    """The bundle's bytes: encrypt `plaintext` to `recipient`, sign, wrap in the envelope."""
    header_bytes = canonical.dumps(header)
    seed = _derive(sender, EPHEMERAL_INFO, header_bytes)
    ephemeral = X25519PrivateKey.from_private_bytes(seed)
    ephemeral_public = raw_public(ephemeral.public_key())
    key = _payload_key(ephemeral.exchange(recipient.encryption_key), ephemeral_public, recipient)
    compressed = zlib.compress(plaintext, 6)
    ciphertext = ChaCha20Poly1305(key).encrypt(NONCE, compressed, header_bytes)
    signed = canonical.dumps({
        "header": header,
        "payload": {"ephemeral": b64(ephemeral_public), "ciphertext": b64(ciphertext)},
    })
    signature = sender.signing_private.sign(signed)
    prefix = (
        f'{{"format":"{FORMAT}","sender":"{sender.public.key_id}",'
        f'"signature":"{b64(signature)}","signed":'
    ).encode("ascii")
    return prefix + signed + _ENVELOPE_END


def _derive(sender: Identity, label: bytes, data: bytes) -> bytes:
    """32 bytes that only the sender can compute, distinct for every `label` and `data`."""
    secret = sender.encryption_private.private_bytes_raw()
    return HKDF(hashes.SHA256(), 32, salt=label, info=hashlib.sha256(data).digest()).derive(secret)


def _payload_key(shared: bytes, ephemeral_public: bytes, recipient: PublicIdentity) -> bytes:
    salt = ephemeral_public + raw_public(recipient.encryption_key)
    return HKDF(hashes.SHA256(), 32, salt=salt, info=PAYLOAD_INFO).derive(shared)


# ------------------------------------------------------------------ reading


def read_limited(path: Path, limit: int = MAX_BUNDLE_BYTES) -> bytes:
    """The file's bytes, refusing before reading anything if it is larger than `limit`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleRefused("unreadable", path, what=exc.strerror or str(exc)) from None
    if not path.is_file():
        raise BundleRefused("not_a_file", path)
    if size > limit:
        raise BundleRefused("too_large", path, size=size, limit=limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise BundleRefused("unreadable", path, what=exc.strerror or str(exc)) from None
    if len(data) > limit:  # it grew while we looked
        raise BundleRefused("too_large", path, size=len(data), limit=limit)
    return data


def split_envelope(data: bytes, path: Path | str | None = None) -> tuple[str, bytes, bytes]:
    """(sender key id, signature, signed bytes), from the fixed-shape prefix, without parsing JSON."""
    version = _FORMAT_RE.match(data)
    if version is None:
        raise BundleRefused("not_a_bundle", path)
    if version.group(1) != str(FORMAT_VERSION).encode():
        raise BundleRefused("wrong_version", path, found=version.group(1).decode("ascii"),
                            supported=FORMAT_VERSION)
    match = _ENVELOPE_RE.match(data)
    if match is None or not data.endswith(_ENVELOPE_END) or len(data) <= match.end() + len(_ENVELOPE_END):
        raise BundleRefused("bad_envelope", path)
    signed = data[match.end() : -len(_ENVELOPE_END)]
    signature = base64.b64decode(match.group(2), validate=True)
    if base64.b64encode(signature) != match.group(2):  # stray bits in the padding: one spelling only
        raise BundleRefused("bad_envelope", path)
    return match.group(1).decode("ascii"), signature, signed


def open_bundle(
    data: bytes,
    me: Identity,
    senders: dict[str, PublicIdentity],
    path: Path | str | None = None,
) -> Opened:
    """Check and decrypt a bundle's bytes. `senders` maps key ids to the keys trusted here.

    Order matters: the signature is verified before any JSON is parsed, and the header is checked
    (recipient first) before anything is decrypted. Any failure raises BundleRefused.
    """
    sender_id, sender, outer = verified_outer(data, senders, path, me=me)
    header = _check_header(outer["header"], sender_id, me.public.key_id, path)
    payload = outer["payload"]
    if not isinstance(payload, dict) or set(payload) != {"ephemeral", "ciphertext"}:
        raise BundleRefused("bad_field", path, field="payload")
    try:
        ephemeral_public = base64.b64decode(payload["ephemeral"], validate=True)
        ciphertext = base64.b64decode(payload["ciphertext"], validate=True)
        key = _payload_key(
            me.encryption_private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public)),
            ephemeral_public, me.public,
        )
        compressed = ChaCha20Poly1305(key).decrypt(NONCE, ciphertext, canonical.dumps(header))
    except (InvalidTag, ValueError, TypeError):
        raise BundleRefused("cannot_decrypt", path) from None
    plaintext = _inflate(compressed, path)
    if content_hash(plaintext) != header["content_hash"]:
        raise BundleRefused("hash_mismatch", path)
    try:
        body = canonical.loads(plaintext)
    except canonical.CanonicalError as exc:
        raise BundleRefused("bad_json", path, what=json_problem(exc)) from None
    expected = {"kind": header["kind"], "sender": sender_id, "recipient": me.public.key_id}
    if (
        not isinstance(body, dict)
        or set(body) != {"kind", "sender", "recipient", "salt", "content"}
        or any(body[k] != v for k, v in expected.items())
        or not isinstance(body["content"], dict)
    ):
        raise BundleRefused("bad_field", path, field="plaintext")
    return Opened(header=header, content=body["content"], sender=sender, size=len(data))


def verified_outer(
    data: bytes,
    senders: dict[str, PublicIdentity],
    path: Path | str | None = None,
    *,
    me: Identity | None = None,
) -> tuple[str, PublicIdentity, dict[str, Any]]:
    """Find the sender, verify the signature, and only then parse the signed JSON."""
    sender_id, signature, signed = split_envelope(data, path)
    sender = senders.get(sender_id)
    if sender is None:
        if me is not None and sender_id == me.public.key_id:
            raise BundleRefused("from_myself", path)
        raise BundleRefused("unknown_sender", path, keyid=sender_id[:12])
    try:
        sender.signing_key.verify(signature, signed)
    except InvalidSignature:
        raise BundleRefused("bad_signature", path) from None
    # From here on the bytes are exactly what the sender signed.
    try:
        outer = canonical.loads(signed)
    except canonical.CanonicalError as exc:
        raise BundleRefused("bad_json", path, what=json_problem(exc)) from None
    if not isinstance(outer, dict) or set(outer) != {"header", "payload"}:
        raise BundleRefused("bad_field", path, field="signed")
    return sender_id, sender, outer


def verify_sent(data: bytes, me: Identity, path: Path | str | None = None) -> BundleHeader:
    """A bundle this home sealed itself: the signature and header only (it cannot decrypt it)."""
    sender_id, _, outer = verified_outer(data, {me.public.key_id: me.public}, path)
    return _check_header(outer["header"], sender_id, outer["header"].get("recipient") if isinstance(
        outer["header"], dict) else None, path)


def json_problem(exc: canonical.CanonicalError) -> Message:
    """What is wrong with JSON that is not canonical, in either language."""
    return Message(MESSAGES, "json_" + exc.key, exc.params)


def _inflate(compressed: bytes, path: Path | str | None) -> bytes:
    inflater = zlib.decompressobj()
    try:
        plaintext = inflater.decompress(compressed, MAX_PLAINTEXT_BYTES)
    except zlib.error:
        raise BundleRefused("bad_compression", path) from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise BundleRefused("bad_compression", path)
    return plaintext


_HEADER_KEYS = {
    "format", "kind", "id", "sender", "recipient", "sequence", "created", "counts", "content_hash",
}
_HEX64 = re.compile(r"\A[0-9a-f]{64}\Z")
_ISO = re.compile(
    r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})\Z")


def is_instant(value: Any) -> bool:
    """Whether `value` is an ISO 8601 time with its UTC offset that names a real moment, as
    doorstep's clock writes one. The shape alone lets through 24:00, 9999-99-99 or an offset of
    99 hours, which later readers cannot place in a day (a visit no period counts) or convert
    to UTC without an error."""
    if not isinstance(value, str) or not _ISO.match(value):
        return False
    try:
        datetime.fromisoformat(value).astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return True


def _check_header(header: Any, sender_id: str, recipient: Any, path: Path | str | None) -> BundleHeader:
    if not isinstance(header, dict) or set(header) != _HEADER_KEYS:
        raise BundleRefused("bad_field", path, field="header")
    if header["format"] != FORMAT:
        raise BundleRefused("bad_field", path, field="header.format")
    if header["sender"] != sender_id:
        raise BundleRefused("bad_field", path, field="header.sender")
    if header["recipient"] != recipient:
        raise BundleRefused("not_for_me", path)
    if header["kind"] not in KINDS:
        raise BundleRefused("bad_field", path, field="header.kind")
    seq = header["sequence"]
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQUENCE:
        raise BundleRefused("bad_field", path, field="header.sequence")
    if not is_instant(header["created"]):
        raise BundleRefused("bad_field", path, field="header.created")
    counts = header["counts"]
    if not isinstance(counts, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in counts.values()
    ):
        raise BundleRefused("bad_field", path, field="header.counts")
    digest = header["content_hash"]
    if not isinstance(digest, str) or not _HEX64.match(digest) or header["id"] != bundle_id(digest):
        raise BundleRefused("bad_field", path, field="header.content_hash")
    return cast(BundleHeader, header)  # every field checked above
