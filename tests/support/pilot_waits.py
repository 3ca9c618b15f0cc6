"""Pilot's "wait until the app is idle", decided by the app's state as well as by the CPU clock.

Between two simulated keys, and in `pilot.pause()`, Textual waits with `textual._wait.wait_for_idle`:
it sleeps 20 ms at a time until one such window passed with under 1 ms of this process's CPU. That
costs at least 40 ms a key (two waits), most of the TUI suite's time, and it is a guess: on a
loaded machine a process not given the CPU for 20 ms looks idle while its messages still wait.

`wait_until_quiet` keeps Textual's rule (a window in which the process used under 5 % of its
length in CPU) with 2 ms windows, and adds a condition taken from the app itself: no message
waiting in the queue of any node the app has mounted (screens and widgets included), none held
back, no "call next" pending, and no callback the screen keeps for after its next repaint. A
descheduled process with work queued is not quiet, however long the window. `max_sleep` stays
Textual's bound (one second, then the caller goes on, as it would after Textual's own wait), so
this is never a time limit a test can fail on.

`install()` puts it where Textual's Pilot and App call it (both import the function by name).
"""

from __future__ import annotations

import asyncio
from time import monotonic, process_time

WINDOW = 0.002  # seconds; Textual's own is 0.02
IDLE_SHARE = 1 / 20  # Textual's: under 5 % of the window spent on the CPU


def _nodes_with_work() -> bool:
    """Whether any node of the running app has a message waiting or a callback due."""
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return False
    for node in (app, *list(app._registry)):
        if not node._message_queue.empty() or node._pending_message is not None or node._next_callbacks:
            return True
    try:
        return bool(app.screen._callbacks)  # call_after_refresh: run after the next repaint
    except Exception:  # no screen yet, or the app is closing
        return False


async def wait_until_quiet(min_sleep: float = WINDOW, max_sleep: float = 1) -> None:
    start = monotonic()
    while True:
        cpu = process_time()
        await asyncio.sleep(WINDOW)
        cpu_used = process_time() - cpu
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            break
        if elapsed > min_sleep and cpu_used < WINDOW * IDLE_SHARE and not _nodes_with_work():
            break


def install() -> None:
    import textual._wait
    import textual.app
    import textual.pilot

    for module in (textual._wait, textual.app, textual.pilot):
        module.wait_for_idle = wait_until_quiet  # type: ignore[attr-defined] - Textual's hook
