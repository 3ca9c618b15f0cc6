"""Benefits the office pays by transfer (优抚金, 生活费): the payment sheet it imports.

The bank pays these, not a visit, so no visit records them: the office imports the sheet it
keeps (csv or xlsx; 身份证号 or 编号, 项目, 金额, 发放日期). Like the register, the import is all or
nothing: every row is checked and every bad row reported, and only a sheet without errors is
written, in one atomic step. A payment is one person's, of one kind, on one day: importing the
same sheet again changes nothing, and a corrected amount replaces the one stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from doorstep.i18n import Message, UserError
from doorstep.storage import idnumber, qrid
from doorstep.storage.backend import StoreBackend
from doorstep.storage.import_problems import ImportErrors, RowProblem
from doorstep.storage.messages import MESSAGES
from doorstep.storage.registry_io import HEADERS as REGISTER_HEADERS
from doorstep.storage.registry_io import parse_date_cell, read_rows

TABLE = "payments"
KINDS: dict[str, tuple[str, ...]] = {
    "pension": ("优抚金", "抚恤金", "定期抚恤金", "定期补助", "pension"),
    "living_allowance": ("生活费", "生活补助", "生活补助费", "生活补贴", "living allowance",
                         "living_allowance"),
}
HEADERS: dict[str, tuple[str, ...]] = {
    "id": REGISTER_HEADERS["id"],
    "id_number": REGISTER_HEADERS["id_number"],
    "kind": ("项目", "发放项目", "类别", "款项", "kind"),
    "amount": ("金额", "金额（元）", "发放金额", "金额(元)", "amount"),
    "date": ("发放日期", "日期", "date"),
}
_AMOUNT = re.compile(r"\A\d+(\.\d{1,2})?\Z")


def _kind(value: str) -> str | None:
    folded = value.strip().lower()
    return next((k for k, names in KINDS.items() if folded in names), None)


def read_payment_sheet(store: StoreBackend, path: str | Path) -> list[dict[str, Any]]:
    """The payments of a sheet, each matched to a person on the register; ImportErrors otherwise."""
    path = Path(path)
    rows = read_rows(path)
    if len(rows) < 2:
        raise UserError(Message(MESSAGES, "import_empty", {"file": str(path)}))
    header = rows[0][1]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        field = next((f for f, names in HEADERS.items() if key in names), None)
        if field is not None and field not in columns:
            columns[field] = index
    missing = [HEADERS[f][0] for f in ("kind", "amount", "date") if f not in columns]
    if "id" not in columns and "id_number" not in columns:
        missing.insert(0, "身份证号/编号")
    if missing:
        raise UserError(Message(MESSAGES, "import_no_header",
                                {"file": str(path), "columns": ", ".join(missing)}))
    by_number = {e["id_number"]: e["id"] for e in store.entries() if e.get("id_number")}
    problems: list[RowProblem] = []
    payments: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in rows[1:]:
        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        def bad(name: str, reason: str, number: int = number, **params: Any) -> None:
            problems.append(RowProblem(number, header[columns[name]], reason, params))

        household = ""
        if cell("id"):
            household = qrid.normalize(cell("id"))
            if not store.has_entry(household):
                bad("id", "reason_payment_unknown_id", value=cell("id"))
        elif cell("id_number"):
            found, why = idnumber.check(cell("id_number"))
            household = by_number.get(found, "")
            if why:
                bad("id_number", f"reason_id_number_{why}", value=cell("id_number"))
            elif not household:
                bad("id_number", "reason_payment_unknown_number", value=idnumber.mask(found))
        else:
            bad("id_number" if "id_number" in columns else "id", "reason_required")
        kind = _kind(cell("kind"))
        if kind is None:
            bad("kind", "reason_payment_kind", value=cell("kind"))
        amount = cell("amount").replace(",", "")
        if not _AMOUNT.match(amount) or Decimal(amount) <= 0:
            bad("amount", "reason_payment_amount", value=cell("amount"))
        day = parse_date_cell(cell("date"))
        if day is None:
            bad("date", "reason_payment_date", value=cell("date"))
        if household and kind and day:
            identity = (household, kind, day)
            if identity in seen:
                bad("date", "reason_payment_twice", other=seen[identity])
            seen.setdefault(identity, number)
        payments.append({"household": household, "kind": kind, "amount": amount, "date": day})
    if problems:
        raise ImportErrors(path, problems)
    for payment in payments:
        payment["amount"] = f"{Decimal(payment['amount']):.2f}"
    return payments


def import_payments(store: StoreBackend, path: str | Path) -> tuple[int, int, int]:
    """(added, changed, unchanged), written in one atomic step."""
    payments = read_payment_sheet(store, path)
    table = store.table(TABLE)
    stored = {(d["household"], d["kind"], d["date"]): (d.doc_id, d["amount"]) for d in table.all()}
    new, changed, unchanged = [], [], 0
    for payment in payments:
        key = (payment["household"], payment["kind"], payment["date"])
        if key not in stored:
            new.append(payment)
        elif stored[key][1] != payment["amount"]:
            changed.append((stored[key][0], payment["amount"]))
        else:
            unchanged += 1
    if new or changed:
        with store.transaction():
            if new:
                table.insert_multiple(new)
            for doc_id, amount in changed:
                table.update({"amount": amount}, doc_ids=[doc_id])
    return len(new), len(changed), unchanged


def payments(store: StoreBackend) -> list[Mapping[str, Any]]:
    return [dict(d) for d in store.table(TABLE).all()]
