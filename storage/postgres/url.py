"""Database URLs from outside: checked, connected to, and shown without their password."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from doorstep.i18n import Message, UserError
from doorstep.i18n.shown import shown
from doorstep.storage.postgres.messages import MESSAGES

if TYPE_CHECKING:
    import psycopg

SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is said so, not waited on forever


def _err(key: str, **params: Any) -> UserError:
    return UserError(Message(MESSAGES, key, params))


def office_only() -> UserError:
    return _err("pg_office_only")


def password_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        return parts.password or query.get("password")
    except ValueError:
        return None


def redact(url: str) -> str:
    """`url` as it may be shown or logged: any password replaced by ***, control text removed."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if parts.password is not None:
            netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
        query = urlencode([(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)],
                          safe="/")
        out = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        out = re.sub(r":[^:@/]*@", ":***@", url)
    return shown(out)


def check_url(url: str) -> str:
    """`url` if it is a PostgreSQL URL; the bilingual refusal otherwise."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        ok = parts.scheme in SCHEMES and (parts.netloc or parts.path or parts.query)
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        ok = False
    if not ok:
        raise _err("pg_bad_url", where=redact(text))
    return text


def reason_of(exc: BaseException, url: str) -> str:
    """A driver's error as one short line, the URL's password never in it."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    secret = password_of(url)
    if secret:
        line = line.replace(secret, "***")
    return shown(line)


def connect(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection (transactions are explicit blocks); a UserError naming the URL."""
    url = check_url(url)
    try:
        import psycopg
    except ImportError:
        raise _err("pg_no_driver") from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except (psycopg.Error, ValueError) as exc:  # ProgrammingError for a bad option, ValueError too
        raise _err("pg_connect_failed", where=redact(url), reason=reason_of(exc, url)) from None
