"""Text from outside is data: names full of escape sequences never reach a terminal, an SVG or HTML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from doorstep.cli.main import main
from doorstep.i18n.shown import printable, shown
from doorstep.sync.identity import export_public_key
from sync_helpers import Enrolled

HOSTILE = "lap\x1b[2J\x1b]0;PWNED\x07top\u202e"


def test_shown_makes_every_acting_character_visible_and_keeps_chinese() -> None:
    assert shown(HOSTILE) == "lap\\x1b[2J\\x1b]0;PWNED\\x07top\\u202e"
    assert shown("王　建国 🙂") == "王　建国 🙂"  # the ideographic space and emoji are text
    assert shown("a\ud800b") == "a\\ud800b"  # a lone surrogate cannot crash a print
    assert shown("行一\n行二", newlines=True) == "行一\n行二" and shown("行一\n行二") == "行一\\x0a行二"
    assert printable("河口镇 laptop-01") and not printable(HOSTILE)


def test_a_name_with_escape_sequences_is_refused_at_enrolment(tmp_path: Path, capsys) -> None:
    code = main(["--home", str(tmp_path / "lap"), "--lang", "en", "init", "device", "--name", HOSTILE,
                 "--volunteer", "李秀梅"])
    out = capsys.readouterr()
    assert code == 1 and "\x1b" not in out.out + out.err and "printable text" in out.err
    assert not (tmp_path / "lap" / "home.json").exists()


def test_device_add_of_a_key_file_full_of_escape_sequences_prints_none(
        enrolled: Enrolled, tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.pub"
    export_public_key(enrolled.devices[0], good)
    data = json.loads(good.read_text(encoding="utf-8"))
    data["name"] = HOSTILE  # a key file edited by hand (the fingerprint covers the keys only)
    forged = tmp_path / "forged.pub"
    forged.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    code = main(["--home", str(enrolled.office.path), "--lang", "en", "device", "add", str(forged)])
    out = capsys.readouterr()
    assert code == 1
    assert not any(c in out.out + out.err for c in ("\x1b", "\x07", "\u202e"))
    assert "control characters" in out.err
    for command in (["keys", "show", "--no-qr"], ["device", "list"]):
        assert main(["--home", str(enrolled.office.path), *command]) == 0
        assert "\x1b" not in capsys.readouterr().out


def test_a_label_sheet_of_hostile_names_is_valid_xml_with_the_names_visible(tmp_path: Path) -> None:
    from doorstep.reports.labels import Label, page_svg

    svg = page_svg([Label(id="ABCD2345", name=HOSTILE, village="东湖村\x00")])
    root = ET.fromstring(svg)  # a raw control character would make this raise
    text = "".join(root.itertext())
    assert "lap\\x1b[2J" in text and "\x1b" not in svg and "\\x00" in text
