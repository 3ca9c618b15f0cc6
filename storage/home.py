"""A home: the folder of one office or one device, with its store, settings, keys and lock.

    home/
      home.json        kind, name, id (written once, at creation)
      keyring.json     the data key, wrapped by the PIN and (laptops) to the office (storage.keyring)
      settings.json    lang, theme, volunteer, ... (atomically rewritten)
      store/           the TinyDB store, one file per table, a month of visits per file
                       (storage.layout; store.json before it, kept as store.json.single-file.bak)
      drafts/          one small file per visit being recorded
      keys/            sync/'s keys
      database.json    an office whose store is PostgreSQL: the database's URL (sealed: it may
                       hold a password); home.json then says "store": "postgresql" and there is
                       no store.json (storage.postgres)
      lock             the writer lock (an OS lock: dies with its holder)

Every file but home.json, keyring.json, the public keys and the lock is sealed with the home's
data key (storage.files); a home is opened locked and unlocked with its PIN or passphrase.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import platformdirs
from doorstep.i18n import Message, UserError
from doorstep.i18n.shown import printable
from doorstep.storage import unlock
from doorstep.storage.atomic import write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.files import FILE_MODE, HomeFiles, make_private_dir
from doorstep.storage.keyring import (
    Keyring,
    KeyringDamaged,
    WrongSecret,
    has_keyring,
    keyring_path,
    test_kdf_requested,
)
from doorstep.storage.lock import HomeLock
from doorstep.storage.messages import MESSAGES
from doorstep.storage.safe_json import encode, load_json_file
from doorstep.storage.seal import PlainSealer, Sealer, new_data_key
from doorstep.storage.store import STORE_FILE, Store, create_store_file, store_exists
from doorstep.storage.upgrade import seal_plain_files

HomeKind = Literal["office", "device"]
HOME_FILE = "home.json"
SETTINGS_FILE = "settings.json"
LOCK_FILE = "lock"
KEYS_DIR = "keys"
ENV_VAR = "DOORSTEP_HOME"
DATABASE_FILE = "database.json"
POSTGRES = "postgresql"


def resolve_home_dir(explicit: str | None) -> Path:
    """--home, then $DOORSTEP_HOME, then the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("doorstep", appauthor=False))


class Home:
    def __init__(self, path: Path, info: dict[str, Any], settings: dict[str, Any],
                 files: HomeFiles | None = None, keyring: Keyring | None = None) -> None:
        self.path = path
        self._info = info
        self.settings = settings
        self.files = files  # None while locked
        self.keyring = keyring  # None: a plain home, from before encryption
        self._data_key: bytes | None = None

    # -- creating and opening -------------------------------------------------------------------
    @staticmethod
    def exists(path: str | Path) -> bool:
        return (Path(path) / HOME_FILE).is_file()

    @classmethod
    def create(cls, path: str | Path, kind: HomeKind = "office", *, name: str,
               volunteer: str | None = None, lang: str = "zh", secret: str | None = None,
               demo: bool = False, database: str | None = None) -> Home:
        """A new, encrypted home. `secret` is its PIN or passphrase (else DOORSTEP_PASSPHRASE or
        the command line's prompt); the caller checks it against storage.secret_rules.

        `database`: an office whose store is the (empty) PostgreSQL database at that URL."""
        path = Path(path)
        if kind not in ("office", "device"):
            raise UserError(Message(MESSAGES, "home_bad_kind", {"kind": kind}))
        if database is not None:
            from doorstep.storage.postgres.url import check_url, office_only

            if kind != "office":
                raise office_only()
            database = check_url(database)
        if not name.strip():
            raise UserError(Message(MESSAGES, "home_no_name", {}))
        # A name chosen here reaches other people's screens (the office's `device add`, its merge
        # lines, label sheets): printable text only, no control characters or escape sequences.
        if not printable(name) or (volunteer is not None and not printable(volunteer)):
            raise UserError(Message(MESSAGES, "home_name_not_printable", {}))
        if cls.exists(path):
            raise UserError(Message(MESSAGES, "home_exists", {"home": str(path)}))
        if path.exists() and not path.is_dir():
            raise UserError(Message(MESSAGES, "home_not_folder", {"home": str(path)}))
        secret = secret or unlock.find_secret(path, new=True)
        if not secret:
            raise UserError(Message(MESSAGES, "home_new_secret_needed", {"home": str(path)}))
        make_private_dir(path)
        home_id = str(uuid.uuid4())
        info: dict[str, Any] = {"kind": kind, "name": name.strip(), "id": home_id, "format": 1}
        if demo:  # said before unlocking, so `doorstep demo` knows its own home
            info["demo"] = True
        data_key = new_data_key()
        ring = Keyring.new(home_id, data_key, secret)
        write_atomic(keyring_path(path), ring.encode(), mode=FILE_MODE)
        unlock.remember_key(ring.secret_fingerprint, secret, data_key)
        files = HomeFiles(path, Sealer(data_key, home_id))
        make_private_dir(path / KEYS_DIR)
        settings = {"lang": lang, "theme": "default", "volunteer": volunteer}
        files.write_json(path / SETTINGS_FILE, settings)
        if database is None:
            create_store_file(path, kind, files)
        else:
            from doorstep.storage.postgres.store import create_database_store

            files.write_json(path / DATABASE_FILE, {"url": database})
            create_database_store(database, home_id)  # refuses a database that is not empty
            info["store"] = POSTGRES
        # home.json last: a home interrupted while being created is not a home yet.
        write_atomic(path / HOME_FILE, encode(info), mode=FILE_MODE)
        home = cls(path, info, settings, files, ring)
        home._data_key = data_key
        return home

    @classmethod
    def open(cls, path: str | Path, secret: str | None = None) -> Home:
        """The home, unlocked: with `secret`, else DOORSTEP_PASSPHRASE, else the command line's
        prompt. A plain home (from before encryption) is upgraded when a new secret is at hand."""
        home = cls.open_locked(path)
        if home.keyring is None:
            secret = secret or unlock.find_secret(home.path, new=True)
            if secret:
                home.encrypt(secret)
            else:
                home._unlocked(HomeFiles(home.path, PlainSealer()))
            return home
        secret = secret or unlock.find_secret(home.path)
        if not secret:
            raise UserError(Message(MESSAGES, "home_needs_secret", {"home": str(home.path)}))
        home.unlock(secret)
        return home

    @classmethod
    def open_locked(cls, path: str | Path) -> Home:
        """The home, not yet unlocked: its kind, name and id only (the TUI's unlock screen)."""
        path = Path(path)
        if not cls.exists(path):
            raise UserError(Message(MESSAGES, "home_missing", {"home": str(path)}))
        info = load_json_file(path / HOME_FILE)
        if info.get("store") != POSTGRES and not store_exists(path):
            raise UserError(Message(MESSAGES, "store_missing", {"file": str(path / STORE_FILE)}))
        ring = None
        if has_keyring(path):
            try:
                ring = Keyring.parse(keyring_path(path).read_bytes())
            except KeyringDamaged as exc:
                raise UserError(Message(MESSAGES, "keyring_damaged", {
                    "file": str(keyring_path(path)), "reason": str(exc)[:120]})) from None
        return cls(path, info, {}, None, ring)

    # -- locking and unlocking ------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.files is None

    @property
    def encrypted(self) -> bool:
        return self.keyring is not None

    def unlock(self, secret: str) -> None:
        """Unwrap the data key with `secret`; a UserError (and no file touched) if it is wrong."""
        ring = self._require_keyring()
        data_key = unlock.cached_key(ring.secret_fingerprint, secret)
        if data_key is None:
            try:
                data_key = ring.unwrap(secret)
            except WrongSecret:
                raise UserError(Message(MESSAGES, "wrong_secret", {"home": str(self.path)})) from None
            if ring.weaker_than_default() and not test_kdf_requested():
                # Made by a test suite's cheap setting: give it the real cost now.
                ring.set_secret(data_key, secret)
                self._write_keyring()
            unlock.remember_key(ring.secret_fingerprint, secret, data_key)
        self._data_key = data_key
        self._unlocked(HomeFiles(self.path, Sealer(data_key, self.home_id), accept_plain=ring.plain_left))
        if ring.plain_left:
            self._finish_upgrade()

    def check_secret(self, secret: str) -> bool:
        """Whether `secret` opens this home (the idle lock's screen), touching nothing."""
        ring = self._require_keyring()
        if unlock.cached_key(ring.secret_fingerprint, secret) is not None:
            return True
        try:
            ring.unwrap(secret)
        except WrongSecret:
            return False
        return True

    def change_secret(self, new_secret: str) -> None:
        """Wrap the data key with a new PIN or passphrase (the data key and the files stay)."""
        ring = self._require_keyring()
        if self._data_key is None:
            raise UserError(Message(MESSAGES, "home_needs_secret", {"home": str(self.path)}))
        ring.set_secret(self._data_key, new_secret)
        self._write_keyring()
        unlock.remember_key(ring.secret_fingerprint, new_secret, self._data_key)

    def unlock_with_key(self, data_key: bytes, new_secret: str) -> None:
        """Recovery: the office unwrapped `data_key`; wrap it with a new PIN."""
        self._data_key = data_key
        self._unlocked(HomeFiles(self.path, Sealer(data_key, self.home_id)))
        self.change_secret(new_secret)

    def set_recovery_key(self, office_public: bytes, office_key_id: str) -> None:
        """Also wrap the data key to the office's X25519 key (a laptop), unless it already is."""
        ring = self.keyring
        if ring is None or self._data_key is None:
            return
        if ring.office_wrap and ring.office_wrap.get("key_id") == office_key_id:
            return
        ring.set_office(self._data_key, office_public, office_key_id)
        self._write_keyring()

    def encrypt(self, secret: str) -> None:
        """Upgrade a plain home: a keyring with a new data key, then every file sealed."""
        if self.keyring is not None:
            raise ValueError("already encrypted")
        lock = HomeLock(self.path / LOCK_FILE)
        lock.acquire()  # a TUI writing plain files meanwhile would undo the upgrade
        try:
            data_key = new_data_key()
            self.keyring = Keyring.new(self.home_id, data_key, secret, plain_left=True)
            self._write_keyring()
            unlock.remember_key(self.keyring.secret_fingerprint, secret, data_key)
            self._data_key = data_key
            self._unlocked(HomeFiles(self.path, Sealer(data_key, self.home_id), accept_plain=True))
            self._finish_upgrade(lock_held=True)
        finally:
            lock.release()

    def _finish_upgrade(self, lock_held: bool = False) -> None:
        assert self.files is not None and self.keyring is not None
        lock = None if lock_held else HomeLock(self.path / LOCK_FILE)
        try:
            if lock is not None:
                lock.acquire()
        except UserError:
            return  # another process holds the home: it finishes the upgrade
        try:
            seal_plain_files(self.path, self.files)
            self.keyring.plain_left = False
            self._write_keyring()
            self.files.accept_plain = False
        finally:
            if lock is not None:
                lock.release()

    def _unlocked(self, files: HomeFiles) -> None:
        self.files = files
        settings_path = self.path / SETTINGS_FILE
        self.settings = files.read_json(settings_path) if settings_path.exists() else {}

    def _require_keyring(self) -> Keyring:
        if self.keyring is None:
            raise ValueError("a plain home has no PIN")
        return self.keyring

    def _write_keyring(self) -> None:
        assert self.keyring is not None
        write_atomic(keyring_path(self.path), self.keyring.encode(), mode=FILE_MODE)

    def _require_files(self) -> HomeFiles:
        if self.files is None:
            raise UserError(Message(MESSAGES, "home_needs_secret", {"home": str(self.path)}))
        return self.files

    # -- what it is -------------------------------------------------------------------------------
    @property
    def kind(self) -> HomeKind:
        return self._info["kind"]

    @property
    def name(self) -> str:
        return self._info["name"]

    @property
    def is_demo(self) -> bool:
        return bool(self._info.get("demo") or self.settings.get("demo"))

    @property
    def home_id(self) -> str:
        return self._info["id"]

    @property
    def keys_dir(self) -> Path:
        return self.path / KEYS_DIR

    def save_settings(self, **changes: Any) -> None:
        new = {**self.settings, **changes}
        self._require_files().write_json(self.path / SETTINGS_FILE, new)
        self.settings = new

    def default_actor(self) -> str:
        return self.settings.get("volunteer") or self.name

    # -- stores -------------------------------------------------------------------------------------
    @property
    def uses_database(self) -> bool:
        """Whether the store is a PostgreSQL database (else TinyDB files in the home)."""
        return self._info.get("store") == POSTGRES

    def database_url(self) -> str:
        return str(self._require_files().read_json(self.path / DATABASE_FILE)["url"])

    def switch_to_database(self, url: str) -> None:
        """After `office migrate`: the store is the database at `url` from now on (home.json last,
        so an interrupted switch leaves the TinyDB store in use, untouched)."""
        self._require_files().write_json(self.path / DATABASE_FILE, {"url": url})
        info = {**self._info, "store": POSTGRES}
        write_atomic(self.path / HOME_FILE, encode(info), mode=FILE_MODE)
        self._info = info

    def _database_store(self, *, read_only: bool, actor: str) -> StoreBackend:
        from doorstep.storage.postgres.store import PostgresStore

        return PostgresStore(self.database_url(), read_only=read_only, actor=actor, device=self.home_id,
                             device_name=self.name, files=self._require_files(), home_id=self.home_id)

    @contextlib.contextmanager
    def writer(self, actor: str | None = None) -> Iterator[StoreBackend]:
        """The writable store, under the home's lock for as long as the block runs. A database
        takes no home lock: several supervisors write at once, the database takes their
        transactions in turn (storage.postgres.store)."""
        if self.uses_database:
            store = self._database_store(read_only=False, actor=actor or self.default_actor())
            try:
                yield store
            finally:
                store.close()
            return
        lock = HomeLock(self.path / LOCK_FILE)
        lock.acquire()
        try:
            store = Store(self.path, read_only=False, actor=actor or self.default_actor(),
                          device=self.home_id, device_name=self.name, files=self._require_files())
            try:
                yield store
            finally:
                store.close()
        finally:
            lock.release()

    def reader(self) -> StoreBackend:
        """A read-only snapshot of the store; takes no lock, so it works while a writer runs."""
        if self.uses_database:
            return self._database_store(read_only=True, actor=self.default_actor())
        return Store(self.path, read_only=True, actor=self.default_actor(), device=self.home_id,
                     device_name=self.name, files=self._require_files())
