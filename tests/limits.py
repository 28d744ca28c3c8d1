"""A hard time limit for one call, for the property tests that prove a loop over text ends."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")


class TooSlowError(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise in the calling (main) thread when the block runs longer than ``seconds``."""

    def expire(_signum: int, _frame: object) -> None:
        raise TooSlowError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded(call: Callable[[], T], seconds: float) -> T:
    with time_limit(seconds):
        return call()
