"""randomize/seed on choices: ODK's algorithm (the spec's own test vectors), the same order for the
same seed on every laptop, a fixed order per visit without a seed, from XLSForm parameters."""

from __future__ import annotations

import tomllib

import pytest
from doorstep.cli.main import main
from doorstep.survey.engine import Checklist
from doorstep.survey.form import FormError, load_form, load_form_text
from doorstep.survey.shuffle import java_long, shuffled

from tests.survey.xlsform_build import xlsform


@pytest.mark.parametrize(("seed", "order"), [(42, "BDFECA"), (-42, "EDACBF"), (1, "ECBDFA"),
                                             (11111111, "ADBCEF")])
def test_the_odk_specs_test_vectors(seed, order):
    # getodk/xforms-spec issue 176: the results every ODK client gives for [A..F]
    assert "".join(shuffled("ABCDEF", seed)) == order


def test_seeds_become_integers_as_javarosa_makes_them():
    assert java_long(42.9) == 42 and java_long(-42.9) == -42
    assert java_long(float("nan")) == 0 and java_long(float("inf")) == 2**63 - 1
    assert shuffled("ABCDEF", 42.7) == shuffled("ABCDEF", 42)
    assert sorted(shuffled(range(30), 2**63 - 1)) == list(range(30))


CHOICES = [["list_name", "name", "label"], *[["fruit", n, n.upper()] for n in "abcdef"]]


def test_an_xlsform_seed_orders_the_choices_the_same_on_every_laptop(tmp_path, capsys):
    book = xlsform(tmp_path / "f.xlsx", [
        ["type", "name", "label", "parameters", "calculation"],
        ["integer", "s", "Seed"],
        ["select_one fruit", "pick", "Pick", "randomize=true seed=${s}"],
        ["select_one fruit", "fixed", "Fixed", "randomize=true, seed=42"],
        ["select_multiple fruit", "plain", "Plain"],
    ], CHOICES, [["form_id", "version"], ["f", "1"]])
    assert main(["forms", "import", str(book), "--out", str(tmp_path / "f.toml")]) == 0
    capsys.readouterr()
    rows = {r["name"]: r for r in tomllib.loads((tmp_path / "f.toml").read_text())["survey"]}
    assert rows["pick"]["randomize"] is True and rows["pick"]["seed"] == "${s}"
    form = load_form(tmp_path / "f.toml")
    one, two = Checklist(form, visit="v1"), Checklist(form, visit="v2")
    for cl in (one, two):
        assert "".join(o.name for o in cl.item(("fixed",)).choices) == "bdfeca"
        cl.set(("s",), "-42")
        assert "".join(o.name for o in cl.item(("pick",)).choices) == "edacbf"
        assert "".join(o.name for o in cl.item(("plain",)).choices) == "abcdef"
    one.set(("s",), "1")
    assert "".join(o.label for o in one.item(("pick",)).choices) == "ECBDFA"


def test_without_a_seed_the_order_is_fixed_per_visit(tmp_path):
    form = load_form_text("""
[form]
id = "f"
title = "F"
version = "1"

[[survey]]
type = "select_one fruit"
name = "pick"
label = "Pick"
randomize = true

[[choices.fruit]]
name = "a"
label = "A"
""" + "".join(f'\n[[choices.fruit]]\nname = "{n}"\nlabel = "{n}"\n' for n in "bcdefghijk"), "f.toml")
    orders = {tuple(o.name for o in Checklist(form, visit=v).item(("pick",)).choices) for v in ("v1", "v1")}
    assert len(orders) == 1  # the same visit opened again
    many = {tuple(o.name for o in Checklist(form, visit=f"v{i}").item(("pick",)).choices) for i in range(8)}
    assert len(many) > 1 and all(sorted(o) == list("abcdefghijk") for o in many)
    cl = Checklist(form, visit="v1")
    assert cl.set(("pick",), "k") == []  # answers are names: the order changes nothing stored


def test_bad_randomize_parameters_are_refused_with_their_row(tmp_path, capsys):
    book = xlsform(tmp_path / "f.xlsx", [
        ["type", "name", "label", "parameters"],
        ["select_one fruit", "pick", "Pick", "randomize=true seed=now()"],
        ["select_one fruit", "other", "Other", "randomize=maybe"],
    ], CHOICES)
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column parameters: seed must be a number or a reference ${name} to a question " \
           "(got 'now()')" in err
    assert "row 3, column parameters" in err
    with pytest.raises(FormError) as caught:
        load_form_text('[form]\nid = "f"\ntitle = "F"\nversion = "1"\n[[survey]]\ntype = "text"\nname = "a"\n'
                       'label = "A"\nrandomize = true\nseed = "1"\n', "f.toml")
    said = [p.render("en") for p in caught.value.problems]
    assert any("only a select's choices can be randomized" in x for x in said)
