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
    """Hold the lock of ``output_dir`` (made if need be) while the block runs; wait for it if another holds it."""
    path = output_dir / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
            who = f"another build (process {holder})" if holder.isdigit() else "another build"
            log.warning("%s: %s is writing into this folder; waiting for it to end", output_dir, who)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock
