"""One build at a time into an output folder.

Two builds writing into the same folder at once (a ``watch`` and a ``build``, two
CI jobs) would each replace the other's outputs, no-op state and layout cache.
A build holds an exclusive lock on a file in the folder while it runs; another
build says that it waits, and waits. The kernel releases the lock of a build that
dies, however it dies. Standard library only.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from .names import LOCK_FILE

log = logging.getLogger("publisher")


@contextlib.contextmanager
def output_lock(output_dir: Path) -> Iterator[None]:
    """Hold the lock of ``output_dir`` while the block runs; wait for it if another build holds it.

    Where the file system cannot lock (some network mounts), the build warns and goes on unlocked.
    """
    path = output_dir / LOCK_FILE
    descriptor = None
    try:
        # Not through a symbolic link planted in its place: the file is truncated below.
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        log.warning("%s: cannot open the lock (%s); other builds into this folder are not kept out", path, error)
    if descriptor is None:
        yield
        return
    try:
        if not _locked(descriptor, output_dir, path):
            yield
            return
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _locked(descriptor: int, output_dir: Path, path: Path) -> bool:
    """Take the lock, waiting for another build that holds it; False where the file system cannot lock."""
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
            who = f"another build (process {holder})" if holder.isdigit() else "another build"
            log.warning("%s: %s is writing into this folder; waiting for it to end", output_dir, who)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError as error:  # ENOLCK, EOPNOTSUPP: a file system without locks
        log.warning("%s: cannot lock (%s); other builds into this folder are not kept out", path, error.strerror)
        return False
    return True
