"""Benchmark of the survey engine: loading forms, and re-evaluating a big form after each answer.

    python bench/bench_survey.py [--questions 200] [--rounds 5]

Each figure is printed beside a baseline measured in the same run, as a ratio:
- loading (parsing, checking and compiling) all built-in forms, against only reading their TOML
  with tomllib and the same data with json;
- answering a generated form of N questions one answer at a time, evaluating every expression
  after each answer (relevance, constraints, requirements, calculations: items(), errors(),
  calculated()), against a plain loop that stores each answer in a dict and walks the dict.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doorstep.survey import Checklist, load_form  # noqa: E402
from doorstep.survey.builtin import BUILTIN_IDS, FORMS_DIR  # noqa: E402
from doorstep.survey.evaluate import compile_text  # noqa: E402
from doorstep.survey.expr import parse  # noqa: E402


def best_of(rounds: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_loading(rounds: int) -> None:
    paths = [FORMS_DIR / f"{form_id}.toml" for form_id in BUILTIN_IDS]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    json_texts = [json.dumps(tomllib.loads(t), ensure_ascii=False) for t in texts]

    def load_all() -> None:
        parse.cache_clear()  # a cold load: nothing parsed before
        compile_text.cache_clear()
        for p in paths:
            load_form(p)

    def toml_only() -> None:
        for t in texts:
            tomllib.loads(t)

    def json_only() -> None:
        for t in json_texts:
            json.loads(t)

    ours = best_of(rounds, load_all)
    toml_base = best_of(rounds, toml_only)
    json_base = best_of(rounds, json_only)
    print(f"load 4 built-in forms:        {ours * 1000:8.2f} ms")
    print(f"  baseline tomllib.loads:     {toml_base * 1000:8.2f} ms   ratio {ours / toml_base:6.1f}x")
    print(f"  baseline json.loads:        {json_base * 1000:8.3f} ms   ratio {ours / json_base:6.1f}x")


def generated_form(n: int) -> str:
    """N questions in groups of ten, each referring to earlier ones as real forms do."""
    out = ['[form]\nid = "big"\ntitle = { zh = "大表", en = "Big form" }\nversion = "1"\n'
           "instance_name = \"concat('big ', ${q0})\"\n"]
    for i in range(n):
        if i % 10 == 0:
            if i:
                out.append('[[survey]]\ntype = "end group"\n')
            out.append(f'[[survey]]\ntype = "begin group"\nname = "g{i}"\nlabel = "G{i}"\n'
                       + (f'relevant = "${{q{i - 1}}} != \'skip\'"\n' if i else ""))
        kind = i % 4
        lines = ["[[survey]]", f'name = "q{i}"', f'label = {{ zh = "问题{i}", en = "Question {i}" }}',
                 "required = true"]
        if kind == 0:
            lines.append('type = "integer"')
            lines.append('constraint = ". >= 0 and . <= 1000"')
        elif kind == 1:
            lines.append('type = "select_one yn"')
            lines.append(f'relevant = "${{q{i - 1}}} > 10"')
        elif kind == 2:
            lines.append('type = "text"')
            lines.append(f"relevant = \"${{q{i - 1}}} = 'yes' or ${{q{i - 2}}} > 20\"")
            lines.append("constraint = \"string-length(.) <= 50 and regex(., '[a-z]+')\"")
        else:
            lines.append('type = "decimal"')
            lines.append(f'constraint = ". > 0 and . <= ${{q{i - 3}}} * 10"')
        out.append("\n".join(lines) + "\n")
        if kind == 3:
            out.append(f'[[survey]]\ntype = "calculate"\nname = "c{i}"\n'
                       f'calculation = "coalesce(${{q{i}}}, 0)'
                       f' + if(selected(${{q{i - 2}}}, \'yes\'), 1, 0)"\n')
    out.append('[[survey]]\ntype = "end group"\n')
    out.append('[[survey]]\ntype = "calculate"\nname = "total"\ncalculation = "'
               + " + ".join(f"${{c{i}}}" for i in range(3, n, 4)) + '"\n')
    out.append('[[choices.yn]]\nname = "yes"\nlabel = "Yes"\n[[choices.yn]]\nname = "no"\nlabel = "No"\n')
    return "\n".join(out)


def answer_for(i: int) -> str:
    return ("50", "yes", "abc", "12.5")[i % 4]


def bench_answering(n: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.toml"
        path.write_text(generated_form(n), encoding="utf-8")
        start = time.perf_counter()
        form = load_form(path)
        load_time = time.perf_counter() - start
    expressions = sum(len(q.compiled) for q in form.rows)
    slots = [(f"q{i}",) for i in range(n)]
    per_answer: list[float] = []

    def answer_all() -> None:
        cl = Checklist(form, lang="zh", today=date(2026, 8, 1))
        for i, slot in enumerate(slots):
            t0 = time.perf_counter()
            cl.set(slot, answer_for(i))
            cl.items()
            cl.errors()
            cl.calculated()
            per_answer.append(time.perf_counter() - t0)
        assert cl.can_finalize(), cl.errors()

    def baseline() -> None:
        answers: dict[str, str] = {}
        for i, slot in enumerate(slots):
            answers[slot[0]] = answer_for(i)
            for key, value in answers.items():  # look at every answer once, like a recompute
                if not value:
                    raise AssertionError(key)

    ours = best_of(rounds, answer_all)
    base = best_of(rounds, baseline)
    print(f"generated form: {n} questions, {expressions} expressions, loaded in {load_time * 1000:.1f} ms")
    print(f"answer all {n}, re-evaluating everything after each: {ours * 1000:8.1f} ms")
    print(f"  per answer: median {statistics.median(per_answer) * 1000:.2f} ms, "
          f"max {max(per_answer) * 1000:.2f} ms")
    print(f"  baseline dict update + walk:  {base * 1000:8.2f} ms   ratio {ours / base:6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bench_loading(args.rounds)
    bench_answering(args.questions, args.rounds)


if __name__ == "__main__":
    main()
