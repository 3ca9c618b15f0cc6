"""A finalized visit as readable Markdown: who, when, which kind, every answer, its QR code.

Pure Python (no Textual), so that it can move to reports/ once reports/ offers a visit summary.
"""

from __future__ import annotations

from typing import Any

import qrcode

from i18n import Lang
from tui.messages import t

_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_text(data: str, *, dark_on_light: bool = True) -> str:
    """`data` as a QR code drawn with half-block characters, two modules per line of text.

    `dark_on_light` draws dark modules as ink (for paper and light themes); on a dark terminal
    the picture is inverted so that the code still reads dark-on-light to a camera.
    """
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = [[bool(v) for v in row] for row in qr.get_matrix()]
    if not dark_on_light:
        matrix = [[not v for v in row] for row in matrix]
    if len(matrix) % 2:
        matrix.append([not dark_on_light] * len(matrix[0]))
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2], strict=True):
        lines.append("".join(_HALF[(a, b)] for a, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


def display_value(item: Any, lang: Lang = "zh") -> str:
    """An answer as a person reads it: choice labels instead of choice names."""
    value = item.value or ""
    if item.choices and value:
        labels = {c.name: c.label for c in item.choices}
        if item.type == "select_multiple":
            return ("、" if lang == "zh" else ", ").join(labels.get(v, v) for v in value.split())
        return labels.get(value, value)
    if item.type == "acknowledge" and value:
        return "✓"
    return value


def answer_lines(checklist: Any) -> list[tuple[str, str]]:
    """(label, answer) for every relevant question that holds a value, notes left out."""
    out = []
    for item in checklist.items():
        if item.state == "note" and item.type not in ("begin_repeat", "repeat"):
            continue
        label = item.label
        if item.repeat is not None:
            label = f"  [{item.repeat[1] + 1}] {label}"
        if item.type in ("begin_repeat", "repeat"):
            out.append((label, str(item.value or 0)))
            continue
        out.append((label, display_value(item, checklist.lang) or "-"))
    for slot, value in checklist.calculated().items():
        q = checklist.form.by_name.get(slot[-1])
        label = q.label(checklist.lang) if q is not None else ""
        if value and label and label != q.name:  # unlabelled calculations are the form's own
            out.append((label, value))
    return out


def when(iso: str | None) -> str:
    """An ISO time as a person reads it: 2026-07-20 10:05."""
    return (iso or "")[:16].replace("T", " ")


def markdown_to_text(markdown: str) -> str:
    """The Markdown of `visit_markdown` as plain text for the screen."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            line = line.lstrip("#").strip()
        lines.append(line.replace("`", ""))
    return "\n".join(lines)


def visit_markdown(record: dict, entry: dict | None, checklist: Any, kind: str, lang: Lang) -> str:
    """The whole visit as Markdown, in `lang`."""
    key = record.get("key") or f"{record['uuid']}.{record.get('revision', 1)}"
    name = (entry or {}).get("name", "")
    lines = [
        f"# {t('summary_title', lang)}: {kind} · {name}",
        "",
        f"- {t('summary_household', lang)}: {name} ({record.get('household', '')})",
        f"- {t('summary_kind', lang)}: {kind}",
        f"- {t('summary_volunteer', lang)}: {record.get('volunteer') or ''}",
        f"- {t('summary_device', lang)}: {record.get('device_name') or record.get('device') or ''}",
        f"- {t('summary_started', lang)}: {when(record.get('started'))}",
        f"- {t('summary_ended', lang)}: {when(record.get('ended'))}",
        f"- {t('summary_visit_id', lang)}: `{key}`",
        "",
        f"## {t('summary_answers', lang)}",
        "",
    ]
    for label, value in answer_lines(checklist):
        lines.append(f"- {label.strip()}: {value}")
    lines += ["", f"## {t('summary_qr', lang)}", "", "```", qr_text(key), "```", f"`{key}`", ""]
    return "\n".join(lines)
