"""A home: the folder of one office or one device, with its store, settings, keys and lock.

    home/
      home.json        kind, name, id (written once, at creation)
      settings.json    lang, theme, volunteer, ... (atomically rewritten)
      store.json       the TinyDB store (+ store.json.bak, the previous good version)
      drafts/          one small file per visit being recorded
      keys/            sync/'s keys
      lock             the writer lock (an OS lock: dies with its holder)
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
from doorstep.storage.atomic import write_atomic
from doorstep.storage.lock import HomeLock
from doorstep.storage.messages import MESSAGES
from doorstep.storage.safe_json import encode, load_json_file
from doorstep.storage.store import STORE_FILE, Store, create_store_file

HomeKind = Literal["office", "device"]
HOME_FILE = "home.json"
SETTINGS_FILE = "settings.json"
LOCK_FILE = "lock"
KEYS_DIR = "keys"
ENV_VAR = "DOORSTEP_HOME"


def resolve_home_dir(explicit: str | None) -> Path:
    """--home, then $DOORSTEP_HOME, then the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("doorstep", appauthor=False))


class Home:
    def __init__(self, path: Path, info: dict[str, Any], settings: dict[str, Any]) -> None:
        self.path = path
        self._info = info
        self.settings = settings

    # -- creating and opening -------------------------------------------------------------------
    @staticmethod
    def exists(path: str | Path) -> bool:
        return (Path(path) / HOME_FILE).is_file()

    @classmethod
    def create(cls, path: str | Path, kind: HomeKind = "office", *, name: str,
               volunteer: str | None = None, lang: str = "zh") -> Home:
        path = Path(path)
        if kind not in ("office", "device"):
            raise UserError(Message(MESSAGES, "home_bad_kind", {"kind": kind}))
        if not name.strip():
            raise UserError(Message(MESSAGES, "home_no_name", {}))
        if cls.exists(path):
            raise UserError(Message(MESSAGES, "home_exists", {"home": str(path)}))
        if path.exists() and not path.is_dir():
            raise UserError(Message(MESSAGES, "home_not_folder", {"home": str(path)}))
        path.mkdir(parents=True, exist_ok=True)
        (path / KEYS_DIR).mkdir(exist_ok=True)
        create_store_file(path, kind)
        settings = {"lang": lang, "theme": "default", "volunteer": volunteer}
        write_atomic(path / SETTINGS_FILE, encode(settings))
        info = {"kind": kind, "name": name.strip(), "id": str(uuid.uuid4()), "format": 1}
        # home.json last: a home interrupted while being created is not a home yet.
        write_atomic(path / HOME_FILE, encode(info))
        return cls(path, info, settings)

    @classmethod
    def open(cls, path: str | Path) -> Home:
        path = Path(path)
        if not cls.exists(path):
            raise UserError(Message(MESSAGES, "home_missing", {"home": str(path)}))
        info = load_json_file(path / HOME_FILE)
        settings_path = path / SETTINGS_FILE
        settings = load_json_file(settings_path) if settings_path.exists() else {}
        if not (path / STORE_FILE).exists():
            raise UserError(Message(MESSAGES, "store_missing", {"file": str(path / STORE_FILE)}))
        return cls(path, info, settings)

    # -- what it is -------------------------------------------------------------------------------
    @property
    def kind(self) -> HomeKind:
        return self._info["kind"]

    @property
    def name(self) -> str:
        return self._info["name"]

    @property
    def home_id(self) -> str:
        return self._info["id"]

    @property
    def keys_dir(self) -> Path:
        return self.path / KEYS_DIR

    def save_settings(self, **changes: Any) -> None:
        new = {**self.settings, **changes}
        write_atomic(self.path / SETTINGS_FILE, encode(new))
        self.settings = new

    def default_actor(self) -> str:
        return self.settings.get("volunteer") or self.name

    # -- stores -------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, actor: str | None = None) -> Iterator[Store]:
        """The writable store, under the home's lock for as long as the block runs."""
        lock = HomeLock(self.path / LOCK_FILE)
        lock.acquire()
        try:
            store = Store(self.path, read_only=False, actor=actor or self.default_actor(),
                          device=self.home_id, device_name=self.name)
            try:
                yield store
            finally:
                store.close()
        finally:
            lock.release()

    def reader(self) -> Store:
        """A read-only snapshot of the store; takes no lock, so it works while a writer runs."""
        return Store(self.path, read_only=True, actor=self.default_actor(), device=self.home_id,
                     device_name=self.name)
