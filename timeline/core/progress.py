"""Progress on the terminal for the slow stages of a large file (reading, checking, drawing).

Only the command line turns it on (``enable()``), and only when stderr is a terminal: piped
output and library calls stay silent. A stage shows a bar (tqdm) once it has taken a second,
and clears it when done, so that short runs print nothing more than before.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

DELAY = 1.0
"""Seconds a stage runs before its bar appears."""

_enabled = False


def enable() -> None:
    """Show progress bars from now on (when stderr is a terminal)."""
    global _enabled
    _enabled = True


def active() -> bool:
    return _enabled and sys.stderr is not None and sys.stderr.isatty()


@contextlib.contextmanager
def stage(
    description: str, total: float | None = None, unit: str = "it"
) -> Iterator[Callable[[float], object]]:
    """A bar for one stage; the block advances it with the function it is given (if it can)."""
    if not active():
        yield _ignore
        return
    from tqdm import tqdm  # type: ignore[import-untyped]

    started = time.time()
    lock = threading.Lock()
    done = threading.Event()
    bar: list[Any] = []  # made once the stage has taken DELAY seconds
    counted = [0.0]

    def advance(amount: float) -> None:
        with lock:
            counted[0] += amount
            if bar:
                bar[0].update(amount)

    def tick() -> None:  # also shows stages spent in one long call, with their time
        if done.wait(DELAY):
            return
        with lock:
            bar.append(
                tqdm(
                    total=total,
                    initial=counted[0],
                    desc=description,
                    unit=unit,
                    unit_scale=True,
                    leave=False,
                    file=sys.stderr,
                    dynamic_ncols=True,
                    bar_format=None if total else "{desc} … {elapsed}",
                )
            )
            bar[0].start_t = started  # the stage's time, not the bar's
        while not done.wait(0.5):
            with lock:
                bar[0].refresh()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield advance
    finally:
        done.set()
        ticker.join()
        if bar:
            bar[0].close()


def _ignore(_amount: float) -> None:
    return None
