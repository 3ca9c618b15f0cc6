"""The forms a home knows: the built-in checklists and the forms the office wrote.

This is the one place that answers "which form is this visit's?" for everyone: the merge's content
checks, the reports, the volunteer's and the office's screens.

Office: `<home>/forms/<id>.toml` is the current version of each custom form, shipped with every
assignment; when a new version arrives (`doorstep assign --form`), the one it replaces moves to
`<home>/forms/versions/<id>@<version>.toml`, so that visits made on it are still understood.
Device: every form an assignment carried is kept in the sync_forms table (id, version, source),
older versions included: a draft started on one finishes on it. The laptop offers, per custom
form, the version received last.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from doorstep.i18n import UserError
from doorstep.storage.atomic import write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.survey import Form, FormError, builtin_forms, load_form
from doorstep.survey.form import load_form_text
from doorstep.sync.messages import msg
from doorstep.sync.tables import FORMS

CUSTOM_FORMS_DIR = "forms"
VERSIONS_DIR = "versions"
Catalog = dict[tuple[str, str], Form]  # (form id, version) -> Form


@lru_cache(maxsize=256)
def _from_source(source: str, file: str) -> Form:
    return load_form_text(source, file)


def form_from_source(source: str, file: str = "form") -> Form | None:
    """A form shipped as text; None if it does not load (it is then not offered, never a crash)."""
    try:
        return _from_source(source, file)
    except (FormError, RecursionError):  # a source nested a thousand deep stops tomllib so
        return None


def _builtin_catalog() -> Catalog:
    return {(f.id, str(f.version)): f for f in builtin_forms().values()}


# ------------------------------------------------------------------ office


def _folder(home: Home) -> Path:
    return home.path / CUSTOM_FORMS_DIR


def current_form_files(home: Home) -> list[Path]:
    folder = _folder(home)
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def office_current(home: Home) -> dict[str, Form]:
    """{form id: Form} the office uses now: the built-ins, then its own forms' current versions."""
    out = dict(builtin_forms())
    for path in current_form_files(home):
        try:
            form = load_form(path)
        except FormError:
            continue  # `forms check` says why; `assign` refuses to ship it
        out.setdefault(form.id, form)
    return out


def office_catalog(home: Home) -> Catalog:
    """Every (id, version) the office knows: built-ins, current and earlier versions of its forms."""
    catalog = _builtin_catalog()
    folder = _folder(home)
    paths = current_form_files(home)
    if (folder / VERSIONS_DIR).is_dir():
        paths += sorted((folder / VERSIONS_DIR).glob("*.toml"))
    for path in paths:
        try:
            form = load_form(path)
        except FormError:
            continue  # `forms check` says why; a broken file must not hide the others
        catalog.setdefault((form.id, str(form.version)), form)
    return catalog


def _version_file(version: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", version)[:60]
    return safe + "-" + hashlib.sha256(version.encode()).hexdigest()[:6] if safe != version else safe


def add_office_form(home: Home, form: Form, source: str) -> bool:
    """Make `form` (with its TOML `source`) the office's current version of its id.

    True when something changed. A built-in id, or an (id, version) already known with other
    content, is refused: visits name a form by id and version, so one pair is one form forever."""
    if form.id in builtin_forms():
        raise UserError(msg("form_builtin_id", form_id=form.id))
    folder = _folder(home)
    current = folder / f"{form.id}.toml"
    known = office_catalog(home).get((form.id, str(form.version)))
    if known is not None and Path(known.path).read_text(encoding="utf-8") != source:
        raise UserError(msg("form_version_taken", form_id=form.id, version=form.version))
    if current.exists():
        old_text = current.read_text(encoding="utf-8")
        if old_text == source:
            return False
        try:
            old = load_form(current)
        except FormError:
            old = None
        if old is not None and str(old.version) != str(form.version):
            keep = folder / VERSIONS_DIR / f"{old.id}@{_version_file(str(old.version))}.toml"
            keep.parent.mkdir(parents=True, exist_ok=True)
            if not keep.exists():
                write_atomic(keep, old_text.encode("utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(current, source.encode("utf-8"))
    return True


def read_form_file(path: Path) -> tuple[Form, str]:
    """A form file or an XLSForm workbook -> (Form, its TOML source); FormError/XLSFormError."""
    from doorstep.survey.xlsform import XLSFormError, import_xlsform
    from doorstep.survey.xlsform_read import SUFFIXES

    if path.suffix.lower() in SUFFIXES:
        result = import_xlsform(path)
        if result.problems or result.form is None:
            raise XLSFormError(result.problems)
        return result.form, result.toml(path.name)
    form = load_form(path)
    return form, path.read_text(encoding="utf-8-sig")


def ship_form(home: Home, given: str) -> Form:
    """`doorstep assign --form FORM`: a file (a form or an XLSForm workbook) becomes the office's
    current version of its form; an id names a form the office already has."""
    path = Path(given)
    if path.is_file() or path.suffix.lower() in (".toml", ".json", ".xlsx", ".xlsm", ".xls"):
        form, source = read_form_file(path)  # a missing file is a FormError that says so
        add_office_form(home, form, source)
        return form
    current = office_current(home)
    if given not in current:
        raise UserError(msg("form_unknown_id", form_id=given, known=", ".join(current)))
    return current[given]


# ------------------------------------------------------------------ device


def device_catalog(store: StoreBackend) -> Catalog:
    """Every (id, version) this laptop can run: built-ins and every form an assignment carried."""
    catalog = _builtin_catalog()
    for row in store.table(FORMS).all():
        source = row.get("source")
        if isinstance(source, str):
            form = form_from_source(source, f"{row.get('id')}@{row.get('version')}")
            if form is not None:
                catalog.setdefault((form.id, str(form.version)), form)
    return catalog


def device_offered(store: StoreBackend) -> dict[str, Form]:
    """{form id: Form} a volunteer can start: the built-ins, then per custom form the version
    received last (rows are kept in the order assignments brought them)."""
    out = dict(builtin_forms())
    custom: dict[str, Form] = {}
    for row in store.table(FORMS).all():
        source = row.get("source")
        if isinstance(source, str):
            form = form_from_source(source, f"{row.get('id')}@{row.get('version')}")
            if form is not None and form.id not in out:
                custom[form.id] = form
    out.update(custom)
    return out


# ------------------------------------------------------------------ either


def known_forms(home: Home, store: StoreBackend | None = None) -> Catalog:
    """The forms this home knows, by (id, version): the office's, or what reached this laptop."""
    if home.kind == "office":
        return office_catalog(home)
    if store is None:
        reader = home.reader()
        try:
            return device_catalog(reader)
        finally:
            reader.close()
    return device_catalog(store)


def latest_by_id(home: Home, store: StoreBackend | None = None) -> dict[str, Form]:
    """{form id: Form} to name and lay out visits by: built-ins first, then the current versions."""
    if home.kind == "office":
        return office_current(home)
    if store is None:
        reader = home.reader()
        try:
            return device_offered(reader)
        finally:
            reader.close()
    return device_offered(store)
