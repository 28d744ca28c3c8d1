"""``publisher watch``: rebuild a publication whenever one of its files changes.

Changes are found by polling file stats, not by inotify/FSEvents: a package for those
(watchdog, watchfiles) would be a new dependency with native parts on every platform,
and polling a few dozen files twice a second costs next to nothing.
"""

from __future__ import annotations

import logging
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from .config import CONFIG_NAME
from .errors import PublicationError
from .files import visible_files
from .layout.memory import LayoutMemory
from .progress import Progress

log = logging.getLogger("publisher")

# What a build reads from the publication folder: the config, parts, images.
WATCHED_SUFFIXES = frozenset({".md", ".toml", ".jpg", ".jpeg", ".png"})

# (st_mtime_ns, st_size), or None for a file that does not exist (yet): its creation is a change.
Stat = tuple[int, int] | None
Snapshot = dict[Path, Stat]


def watched_files(source: Path, styles: Path) -> list[Path]:
    """The files a build of ``source`` depends on: config, listed parts, images and ``styles``.

    Parts (and the cover image) listed in ``publication.toml`` are included even when missing, so that
    creating one is noticed. A malformed TOML still yields the config and the
    folder's Markdown files, so that the fix to the TOML is noticed too.
    """
    root = source.resolve()
    config = root / CONFIG_NAME
    files = {config}
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    parts = data.get("parts")
    names = [entry.get("file") for entry in parts if isinstance(entry, dict)] if isinstance(parts, list) else []
    names.append(data.get("cover_image"))
    for name in names:
        if isinstance(name, str) and name.strip() and "://" not in name:
            files.add((root / name).resolve())
    files.update(path.resolve() for path in visible_files(root) if path.suffix.lower() in WATCHED_SUFFIXES)
    files.update(path.resolve() for path in visible_files(styles.resolve()))
    return sorted(files)


def watch(
    paths: Callable[[], list[Path]],
    rebuild: Callable[[], None],
    *,
    interval: float = 0.5,
    debounce: float = 0.3,
    stop: threading.Event | None = None,
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Call ``rebuild()`` whenever a file from ``paths()`` changes, until ``stop`` is set.

    Files are compared by (mtime_ns, size) every ``interval`` seconds. After a change,
    ``rebuild`` waits until nothing has changed for ``debounce`` seconds, so a burst of
    saves gives one rebuild. ``paths()`` is asked again on every poll, since a changed
    ``publication.toml`` may list other parts. An exception from ``rebuild`` (or
    ``paths``) goes to ``on_error`` (default: logged) and watching goes on.
    Ctrl-C ends the loop and the function returns normally.
    """
    if stop is None:
        stop = threading.Event()
    report = on_error or _log_error
    listing = _Listing(paths, report)
    try:
        last = _snapshot(listing.get())
        changed_at: float | None = None  # when the last change was seen; None: nothing pending
        while True:
            # While a change is pending, poll again when the quiet period ends, not a whole interval later.
            wait = interval if changed_at is None else min(interval, max(0.0, changed_at + debounce - time.monotonic()))
            if stop.wait(wait):
                return
            current = _snapshot(listing.get())
            if current != last:
                _log_changes(last, current)
                last, changed_at = current, time.monotonic()
                continue
            if changed_at is None or time.monotonic() - changed_at < debounce:
                continue
            changed_at = None
            try:
                rebuild()
            except Exception as error:  # noqa: BLE001 - any failure is reported and the loop goes on
                report(error)
            # Files new to the list (parts a changed config now names) start from their
            # present state; known files keep the state that was built, so an edit saved
            # while the build ran still counts as a change.
            files = listing.get()
            last = {path: last[path] if path in last else _stat(path) for path in files}
    except KeyboardInterrupt:
        return


class _Listing:
    """``paths()``, falling back to the previous list when it fails, reported once per failure."""

    def __init__(self, paths: Callable[[], list[Path]], report: Callable[[Exception], None]) -> None:
        self._paths = paths
        self._report = report
        self._files: list[Path] = []
        self._failing = False

    def get(self) -> list[Path]:
        try:
            self._files = list(self._paths())
            self._failing = False
        except Exception as error:  # noqa: BLE001 - reported; the previous list stays in use
            if not self._failing:
                self._report(error)
            self._failing = True
        return self._files


def _stat(path: Path) -> Stat:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _snapshot(files: Iterable[Path]) -> Snapshot:
    return {path: _stat(path) for path in files}


def _log_changes(before: Snapshot, after: Snapshot) -> None:
    names = sorted(path.name for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    log.info("changed: %s", ", ".join(names))


def _log_error(error: Exception) -> None:
    # The same one line the CLI prints for a failed build; watching goes on.
    if isinstance(error, PublicationError):
        for problem in error.problems:
            log.error("%s", problem)
    else:
        log.error("internal error: %s: %s", type(error).__name__, error)


def watch_publication(
    source: Path,
    output: Path,
    formats: Iterable[str] | None = None,
    *,
    interval: float = 0.5,
    stop: threading.Event | None = None,
    jobs: int | None = None,
    progress: Callable[[], Progress] = Progress,
) -> None:
    """Build ``source`` into ``output`` once, then again after every change: the CLI's ``watch``.

    ``progress`` makes what each build reports its progress to (a bar on a terminal).
    """
    from .build import FORMATS, build
    from .names import STYLES_DIR

    selected = tuple(formats or FORMATS)
    # What each build laid out, for the next: only what an edit changed is laid out again.
    memory = LayoutMemory()

    def rebuild() -> None:
        started = time.perf_counter()
        shown = progress()
        try:
            build(source, output, selected, jobs=jobs, progress=shown, memory=memory)
        finally:
            shown.close()
        log.info("built in %.1f s; watching %s (Ctrl-C to stop)", time.perf_counter() - started, source)

    try:
        rebuild()
    except KeyboardInterrupt:
        return
    except Exception as error:  # noqa: BLE001 - a broken first build is reported like any later one
        _log_error(error)
    watch(lambda: watched_files(source, STYLES_DIR), rebuild, interval=interval, stop=stop)
