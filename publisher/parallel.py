"""Run part of a build in a second process: a fork, which inherits the laid-out model without copying it."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

PR_SET_PDEATHSIG = 1  # prctl option, from <linux/prctl.h>
PROGRESS_CLOCK = "publisher-progress"  # the name of the progress bar's thread


def processes_to_use(jobs: int | None) -> int:
    """How many processes a build may use: ``jobs`` if given, else the cores this process may run on.

    Always 1 while other threads run (``watch`` in a test, an embedding
    application): a fork copies only the calling thread, and a lock another
    thread holds at that moment would stay locked in the copy for ever.
    """
    # The progress bar's clock is the exception: a fork waits until it holds no lock (progress.py).
    others = [thread for thread in threading.enumerate() if thread.name != PROGRESS_CLOCK]
    if len(others) > 1 or not hasattr(os, "fork"):
        return 1
    if jobs is not None:
        return jobs
    try:
        return len(os.sched_getaffinity(0))  # a container or taskset may allow fewer than the machine has
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def in_second_process(work: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
    """Start ``work`` in a forked process; the ``with`` body runs meanwhile in this one.

    Yields a function that waits for the process and returns what ``work``
    returned, or raises what it raised. Leaving the block waits too, so no
    process outlives the build; when the body fails, the process is stopped
    (its unfinished files removed) rather than waited for.
    """
    receiving, sending = multiprocessing.Pipe(duplex=False)
    # Objects made so far are left out of the child's garbage collections,
    # which would otherwise touch, and so copy, every page the two processes share.
    gc.freeze()
    try:
        process = multiprocessing.get_context("fork").Process(
            target=_run, args=(work, sending, os.getpid()), daemon=True
        )
        process.start()
    except BaseException:
        receiving.close()
        raise
    finally:
        gc.unfreeze()
        sending.close()
    outcome: list[tuple[str, Any]] = []

    def result() -> Any:
        if not outcome:
            try:
                outcome.append(receiving.recv())
            except Exception as error:  # noqa: BLE001 - EOF (the process died) or a reply that would not unpickle
                process.join()
                failure = f"the second build process failed (exit code {process.exitcode}): {error!r}"
                outcome.append(("error", RuntimeError(failure)))
            process.join()
        status, value = outcome[0]
        if status == "error":
            raise value
        return value

    try:
        yield result
    except BaseException:
        process.terminate()  # its SIGTERM handler unwinds, so the files it was writing are removed
        # What it sends back now is its being stopped, not news: the body's own error is raised.
        outcome.append(("stopped", None))
        raise
    finally:
        if not outcome:
            with contextlib.suppress(Exception):
                result()
        process.join()
        receiving.close()


def _run(work: Callable[[], Any], sending: Any, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGTERM, _stop)
    try:
        message: tuple[str, Any] = ("ok", work())
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        message = ("error", error)
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:  # noqa: BLE001 - an exception that cannot travel goes as its text
            message = ("error", RuntimeError("".join(traceback.format_exception(error))))
    with contextlib.suppress(OSError):  # the first process is gone
        sending.send(message)
    sending.close()


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this process when the first one ends, however it ends.

    A parent killed with SIGKILL (a CI time-out) runs no clean-up of its own, so
    without this the second process would go on laying out, at full CPU, for
    nobody. Its unfinished outputs are anonymous files and vanish with it.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _stop(_signal: int, _frame: object) -> None:
    raise SystemExit(1)
