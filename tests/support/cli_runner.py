"""doorstep's command line run inside the test process, as click's CliRunner runs a click command.

`invoke(argv)` calls `doorstep.cli.main.main(argv)` with what a fresh process would have: the
given environment (the whole of it, as subprocess's `env=`), working folder, an empty stdin that is
not a terminal, and stdout/stderr captured as UTF-8 bytes and decoded as `subprocess.run(text=True)`
decodes them. SystemExit (argparse's --help and usage errors) becomes the exit code. Everything is
put back afterwards, so one run cannot leak into the next. Any other exception is not caught: in a
process it would be a traceback on the user's screen, so here it fails the test that caused it.

A few tests still start a real process (the entry points, a killed import, a lock held by another
process, the terminal app): see tests/test_packaging.py.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """What a finished run left: exit code and output, under subprocess's names and short ones."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def code(self) -> int:
        return self.returncode

    @property
    def out(self) -> str:
        return self.stdout

    @property
    def err(self) -> str:
        return self.stderr


def invoke(argv: list[str | Path] | tuple[str | Path, ...], *, env: Mapping[str, str] | None = None,
           cwd: str | Path | None = None, input: str = "") -> Result:  # noqa: A002 - subprocess's name
    """`doorstep ARGV...` in this process; `env` replaces the environment for the run."""
    from doorstep.cli.main import main

    args = tuple(str(arg) for arg in argv)
    out, err = _stream(), _stream()
    with _environment(env), _folder(cwd), _streams(_stream(input.encode("utf-8")), out, err), \
            _argv(["doorstep", *args]):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = _exit_code(exc, err)
    return Result(args, code, _text(out), _text(err))


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict", newline="\n")


def _text(stream: io.TextIOWrapper) -> str:
    """The bytes written, decoded with universal newlines, as subprocess.run(text=True) does."""
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined] - always a BytesIO (see _stream)
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()


def _exit_code(exc: SystemExit, err: io.TextIOWrapper) -> int:
    """What the interpreter would exit with for this SystemExit."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=err)
    return 1


@contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _folder(cwd: str | Path | None) -> Iterator[None]:
    saved = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextmanager
def _streams(stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@contextmanager
def _argv(argv: list[str]) -> Iterator[None]:
    saved = sys.argv
    sys.argv = argv
    try:
        yield
    finally:
        sys.argv = saved
