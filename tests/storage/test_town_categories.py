"""Categories as a town writes them: synonyms, 三属 as a group, refusals that list the names."""

from __future__ import annotations

from pathlib import Path

import pytest
from doorstep.cli.main import main
from doorstep.storage.categories import CATEGORIES, SURVIVORS, find_category
from doorstep.storage.home import Home

from .conftest import store_bytes


@pytest.mark.parametrize(("written", "code"), [
    ("伤残军人", "disabled_serviceman"),
    ("病退军人", "illness_discharged"),
    ("烈属", "martyr_survivor"),
    ("复员军人", "old_demobilized"),
    ("在乡复员军人", "old_demobilized"),
    ("参战参试", "combat_nuclear_veteran"),
    ("参战参试退役人员", "combat_nuclear_veteran"),
    (" 残疾军人 ", "disabled_serviceman"),
    ("老年烈士子女(60周岁以上)", "martyr_child_elderly"),   # half-width parentheses fold
])
def test_the_names_towns_write(written: str, code: str) -> None:
    category = find_category(written)
    assert category is not None and category.code == code


def test_every_category_still_found_by_its_code_and_both_names() -> None:
    for c in CATEGORIES:
        assert find_category(c.code) == c == find_category(c.zh) == find_category(c.en.upper())
    assert find_category("三属") is None and find_category("皇帝") is None


def _import(home: Path, tmp_path: Path, rows: list[str], lang: str, capsys) -> tuple[int, str]:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("姓名,类别,村\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    capsys.readouterr()
    code = main(["--home", str(home), "--lang", lang, "registry", "import", str(sheet)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_sanshu_refused_with_the_three_named_and_unknown_lists_every_name(tmp_path: Path, capsys) -> None:
    home = tmp_path / "office"
    Home.create(home, "office", name="东风镇退役军人服务站")
    before = store_bytes(home)
    rows = ["王军,三属,东村", "李兰,皇帝,东村", "赵海,伤残军人,西村"]
    code, said = _import(home, tmp_path, rows, "zh", capsys)
    assert code == 1 and "Traceback" not in said
    assert ("第 2 行，“类别”列：“三属”是一组类别，不是一个类别："
            "请写明是烈士遗属、因公牺牲军人遗属、病故军人遗属中的哪一种") in said
    accepted = "、".join(c.zh for c in CATEGORIES)
    assert f"第 3 行，“类别”列：未知的类别“皇帝”（可用的类别：{accepted}）" in said
    assert "第 4 行" not in said
    assert store_bytes(home) == before
    code, said = _import(home, tmp_path, rows, "en", capsys)
    assert code == 1
    assert "'三属' is a group, not one category: write which of 烈士遗属 (Martyr's survivor);" in said
    assert "unknown category '皇帝' (the categories are: 残疾军人 (Disabled serviceman); " in said


def test_sanshu_rolled_up_in_the_summary(tmp_path: Path, capsys) -> None:
    home = tmp_path / "office"
    Home.create(home, "office", name="东风镇退役军人服务站")
    rows = ["王军,烈属,东村", "李兰,因公牺牲军人遗属,东村", "赵海,病故军人遗属,西村", "钱江,病退军人,西村"]
    code, _ = _import(home, tmp_path, rows, "zh", capsys)
    assert code == 0
    assert main(["--home", str(home), "--lang", "zh", "summary", "--format", "json"]) == 0
    import json

    figures = json.loads(capsys.readouterr().out)["figures"]
    assert figures["register.group.survivors"]["value"] == 3
    assert figures["register.category.illness_discharged"]["value"] == 1
    assert sum(figures[f"register.category.{c}"]["value"] for c in SURVIVORS) == 3
    assert main(["--home", str(home), "--lang", "zh", "summary"]) == 0
    table = capsys.readouterr().out
    assert "三属" in table
