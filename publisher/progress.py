"""What a build shows while it runs: a progress bar on a terminal, the log lines everywhere.

:class:`Progress` is what the build and the layout report to; it shows nothing, and serves
in CI, in tests and wherever standard error is not a terminal, where the one line per step
of the log is the record. :class:`Bar` draws a bar with tqdm once a build has run for
:data:`DELAY` seconds: the edition, the part and the pages laid out, the elapsed time and an
estimate of the time left.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import IO, TYPE_CHECKING

from .parallel import PROGRESS_CLOCK

if TYPE_CHECKING:
    from tqdm import tqdm

# A build quicker than this shows no bar: it would only flash.
DELAY = 2.0
# How often the bar's clock is redrawn while nothing is reported (a long PDF being drawn).
TICK = 0.5
# Shares of a build's time, as measured on the 268-page generated book (benchmarks/README.md):
# breaking the lines before the layout, laying the parts out, writing the files after it.
BREAKING, LAYING_OUT, WRITING = 0.15, 0.70, 0.15
STEPS = 1000  # the bar's resolution


class Progress:
    """Receives a build's steps and shows nothing."""

    def breaking(self, edition: str) -> None:
        """The lines of ``edition``'s paragraphs are being measured and broken."""

    def laid_out(self, edition: str, part: int, parts: int, pages: int, share: float) -> None:
        """Part ``part`` of ``parts`` of ``edition`` is placed; ``pages`` so far; ``share`` of its text."""

    def writing(self, what: str, written: int, outputs: int) -> None:
        """``what`` is being written; ``written`` of ``outputs`` files are done."""

    def close(self) -> None:
        """The build is over (done or failed): take the bar away."""


def for_terminal(stream: IO[str] | None = None) -> Progress:
    """A :class:`Bar` where ``stream`` (standard error) is a terminal a person watches, else a silent one."""
    stream = stream if stream is not None else sys.stderr
    interactive = stream.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")
    return Bar(stream) if interactive else Progress()


class Bar(Progress):
    """A tqdm bar on ``stream``, shown after :data:`DELAY` seconds, with log lines printed above it.

    A clock thread redraws the bar between reports. A fork (the build's second process) waits
    for a redraw in progress to end, and the copy of the bar in the child is inert: only the
    process that made it draws it.
    """

    def __init__(self, stream: IO[str], delay: float = DELAY, tick: float = TICK) -> None:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread of tqdm's own: the clock below is the only one
        self.owner = os.getpid()
        self.lock = threading.Lock()  # held while the bar is drawn
        self.stream = stream
        self.bar: tqdm = tqdm(
            total=STEPS,
            desc="reading",
            file=stream,
            delay=delay,
            leave=False,
            ncols=_width(stream),
            nrows=20,  # tqdm's default; a terminal that tells no size would otherwise hide the bar
            bar_format="{desc}  {bar:20}  {elapsed}, about {remaining} left",
        )
        self.handler = _AboveBar(self)
        self.logger = logging.getLogger("publisher")
        self.replaced = list(self.logger.handlers)
        if self.replaced:
            self.handler.setFormatter(self.replaced[0].formatter)
            self.handler.setLevel(self.replaced[0].level)
        self.logger.handlers[:] = [self.handler]
        self.done = 0  # steps shown; the bar never goes back
        self.delay = delay
        self.started = time.monotonic()
        self.stopped = threading.Event()
        _current[0] = self
        self.clock = threading.Thread(target=self._tick, args=(tick,), name=PROGRESS_CLOCK, daemon=True)
        self.clock.start()

    def breaking(self, edition: str) -> None:
        self._show(f"{edition}: breaking lines", 0.0)

    def laid_out(self, edition: str, part: int, parts: int, pages: int, share: float) -> None:
        self._show(f"{edition}: part {part}/{parts}, {pages} pages", BREAKING + LAYING_OUT * share)

    def writing(self, what: str, written: int, outputs: int) -> None:
        self._show(f"writing {what}", BREAKING + LAYING_OUT + WRITING * written / max(outputs, 1))

    def close(self) -> None:
        if not self._mine():
            return
        self.stopped.set()
        self.clock.join()
        with self.lock:
            self.bar.close()
            if self._due():  # tqdm leaves a bar only its clock drew (no report after the delay): erase it
                self.stream.write("\r\x1b[K")
                self.stream.flush()
        self.logger.handlers[:] = self.replaced
        _current[0] = None

    def write_line(self, text: str) -> None:
        """A log line, above the bar (in the child of a fork: on a line of its own)."""
        if self._mine() and self._due():
            with self.lock:
                self.bar.write(text, file=self.stream)
        elif self._mine():  # no bar on the screen yet (tqdm's write would draw it)
            self.stream.write(text + "\n")
            self.stream.flush()
        else:  # the parent's bar may be on this line: clear it; the parent draws it again
            self.stream.write("\r\x1b[K" + text + "\n")
            self.stream.flush()

    def _show(self, description: str, fraction: float) -> None:
        if not self._mine():
            return
        steps = max(self.done, min(STEPS, round(fraction * STEPS)))
        with self.lock:
            self.bar.ncols = _width(self.stream)  # the terminal may have been resized
            self.bar.set_description_str(description, refresh=False)
            self.bar.update(steps - self.done)
            self.done = steps
            if self._due():  # every report at once: tqdm's update skips a redraw within 0.1 s of the last
                self.bar.refresh()

    def _tick(self, every: float) -> None:
        while not self.stopped.wait(every):
            if self._due():
                with self.lock:
                    self.bar.refresh()

    def _due(self) -> bool:
        """Whether the bar is shown: the build has run for longer than the delay."""
        return time.monotonic() - self.started >= self.delay

    def _mine(self) -> bool:
        return os.getpid() == self.owner


def _width(stream: IO[str]) -> int:
    """The terminal's width in columns; 80 where it tells none."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


class _AboveBar(logging.Handler):
    def __init__(self, bar: Bar) -> None:
        super().__init__()
        self.progress = bar

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.progress.write_line(self.format(record))
        except Exception:  # noqa: BLE001 - logging's own convention: report, never raise
            self.handleError(record)


# The bar being drawn, if any, and whether a fork in progress holds its lock: a fork must not
# copy the bar in the middle of a redraw.
_current: list[Bar | None] = [None]
_held_for_fork: list[Bar] = []


def _before_fork() -> None:
    bar = _current[0]
    if bar is not None and bar._mine():
        bar.lock.acquire()
        _held_for_fork.append(bar)


def _after_fork() -> None:
    while _held_for_fork:
        _held_for_fork.pop().lock.release()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)
