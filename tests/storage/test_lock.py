"""The writer lock: a second writer is refused, readers work, a killed holder never blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from doorstep.i18n import UserError
from doorstep.storage.home import Home

from .conftest import ROOT, run_cli

HOLDER = textwrap.dedent("""
    import sys, time
    from doorstep.storage.home import Home
    home = Home.open(sys.argv[1])
    with home.writer() as store:
        store.add_entry({"name": "holder", "category": "残疾军人"})
        print("locked", flush=True)
        time.sleep(600)
""")


def _start_holder(home: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(home)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_second_writer_in_same_process_is_refused(office_home: Home) -> None:
    with office_home.writer():
        with pytest.raises(UserError) as err, office_home.writer():
            pass
        assert f"pid {os.getpid()}" in err.value.render("en")
    with office_home.writer() as store:  # released at the end of the block
        assert store.register_count() == 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_other_process_holding_the_lock(office_home: Home) -> None:
    holder = _start_holder(office_home.path)
    try:
        proc = run_cli(office_home.path, "registry", "import", str(ROOT / "missing.csv"))
        assert proc.returncode == 1
        assert f"another doorstep is writing to this home (pid {holder.pid})" in proc.stderr
        assert "Traceback" not in proc.stderr
        exported = run_cli(office_home.path, "registry", "export", "--format", "json", check=True)
        assert '"holder"' in exported.stdout  # reading commands still work
    finally:
        holder.kill()
        holder.wait()
    # The holder was killed with SIGKILL: its lock went with it.
    with office_home.writer() as store:
        assert [e["name"] for e in store.entries()] == ["holder"]
