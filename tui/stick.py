"""What the volunteer's laptop takes from the office's USB stick: the office's public key and the
assignments sealed for this laptop, from one file or from a whole folder.

The command line does the same in two steps (`keys trust-office FILE`, `bundle import DIR`);
at the door there is one key for it. A folder is read as the office leaves it: key files and
bundles side by side, other laptops' bundles among them (passed over without a word). A
different office key is not taken: replacing the office a laptop trusts is a deliberate act
(`doorstep keys trust-office --replace`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError

# Why a bundle on the stick is none of this laptop's business (as `doorstep bundle import DIR`)
NOT_MINE = frozenset({"not_for_me", "from_myself", "wrong_kind", "assignment_elsewhere", "old_assignment"})
KEY_SUFFIXES = (".pub", ".json")
KEY_FILE_LIMIT = 64 * 1024  # sync refuses larger key files; a bundle is never tried as a key


@dataclass
class StickResult:
    office: Any = None  # sync.identity.PublicIdentity newly trusted, or None
    imported: list[Any] = field(default_factory=list)  # sync.assignment.ImportResult, new ones
    problems: list[str] = field(default_factory=list)  # one rendered message per file refused

    @property
    def households(self) -> int:
        return max((r.households for r in self.imported), default=0)


def read_stick(home: Any, store: Any, path: Path, lang: Lang) -> StickResult:
    """Trust the office key found at `path` (a file or a folder) and import the assignments
    for this laptop found there. UserError if `path` is missing or holds nothing of use."""
    from doorstep.sync.assignment import import_assignment
    from doorstep.sync.envelope import BundleRefused
    from doorstep.sync.identity import has_office_key, read_public_key_file
    from doorstep.sync.trust import trust_office
    from doorstep.tui.messages import MESSAGES, t

    if not path.exists():
        raise UserError(Message(MESSAGES, "stick_missing", {"path": str(path)}))
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    result = StickResult()
    keys: set[Path] = set()
    for candidate in files:
        if candidate.suffix.lower() not in KEY_SUFFIXES or candidate.stat().st_size > KEY_FILE_LIMIT:
            continue
        try:
            public = read_public_key_file(candidate)
        except UserError:
            continue  # not a key: perhaps a bundle
        keys.add(candidate)
        if public.role != "office":
            continue  # a laptop's own key, left on the stick for the office
        try:
            trusted = trust_office(home, candidate, store=store)
        except UserError as exc:
            result.problems.append(exc.render(lang))
            continue
        if trusted.changed:
            result.office = trusted.office
    bundles = [p for p in files if p.suffix.lower() == ".json" and p not in keys]
    if bundles and not has_office_key(home):
        result.problems.append(t("stick_no_office_key", lang))
        return result
    for bundle in bundles:
        try:
            imported = import_assignment(home, bundle, store=store)
        except BundleRefused as exc:
            if exc.reason not in NOT_MINE:
                result.problems.append(exc.render(lang))
            continue
        except UserError as exc:
            result.problems.append(exc.render(lang))
            continue
        if not imported.already:
            result.imported.append(imported)
    return result
