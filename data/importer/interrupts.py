"""Stopping an import from outside: SIGTERM unwinds like Ctrl-C, and the final swap is never cut short.

`python -m data import` and `python -m data rollups` run inside `terminate_unwinds()`: SIGTERM
(what `kill` and service managers send) raises `Interrupted`, so the same `finally` blocks that
run on Ctrl-C delete the private copy and release the lock. kill -9 cannot be caught; the copy
it leaves is removed by the next import (`writer.remove_stale_copies`). Signals can only be
handled in the main thread, so elsewhere (an import started from a thread) these do nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from data.importer.errors import Interrupted

HELD = (signal.SIGINT, signal.SIGTERM)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def terminate_unwinds() -> Iterator[None]:
    """Within the block, SIGTERM raises `Interrupted` (and Ctrl-C `KeyboardInterrupt`) instead of ending the process.

    A signal that arrives while DuckDB runs a query makes DuckDB stop the query and raise its own
    error ("Query interrupted"); that error is turned back into the interruption it stands for.
    """
    if not _in_main_thread():
        yield
        return
    received: list[str] = []

    def stop(signum, frame):
        received.append(signal.Signals(signum).name)
        raise KeyboardInterrupt if signum == signal.SIGINT else Interrupted(received[-1])

    previous = {s: signal.signal(s, stop) for s in HELD}
    try:
        yield
    except (KeyboardInterrupt, Interrupted):
        raise
    except BaseException as error:
        if not received:
            raise
        if received[0] == "SIGINT":
            raise KeyboardInterrupt from error
        raise Interrupted(received[0]) from error
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def signals_held() -> Iterator[list[str]]:
    """Within the block, Ctrl-C and SIGTERM are noted rather than acted on; the list names those received.

    For the step that replaces the warehouse and reports it: once the new file is in place,
    saying "interrupted, nothing changed" would be false, so the step finishes and says so.
    """
    received: list[str] = []
    if not _in_main_thread():
        yield received
        return

    def note(signum, frame):
        received.append(signal.Signals(signum).name)

    previous = {s: signal.signal(s, note) for s in HELD}
    try:
        yield received
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
