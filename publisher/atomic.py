"""Write a file so that nobody ever sees it half-written, not even after the build is killed.

The bytes go into an anonymous file (``O_TMPFILE``) in the target's folder,
which the kernel frees if the process dies before it is named; only a
complete file is linked under a temporary name and renamed over the target.
Where the file system has no anonymous files, a named temporary file is used,
and what a killed build left of one is removed by the next build
(:func:`remove_leftovers`). Standard library only: the no-op check imports it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

SUFFIX = ".part"


def write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` by a file holding ``data``, in one step."""
    temporary = target.parent / f".{target.name}.{os.getpid()}{SUFFIX}"
    try:
        descriptor = os.open(target.parent, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError):  # not Linux, or a file system without anonymous files
        _write_named(target, data)
        return
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _write_all(descriptor, data)
        os.fchmod(descriptor, 0o644)  # the umask applies to O_TMPFILE's mode too
        # linkat(AT_SYMLINK_FOLLOW) names the anonymous file; CPython calls linkat, not
        # link (which would link the /proc symlink itself), only when a dir_fd is given.
        os.link(f"/proc/self/fd/{descriptor}", temporary.name, dst_dir_fd=folder, follow_symlinks=True)
        os.replace(temporary, target)
    finally:
        os.close(descriptor)
        os.close(folder)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _write_named(target: Path, data: bytes) -> None:
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=SUFFIX, dir=target.parent)
    try:
        _write_all(descriptor, data)
        os.fchmod(descriptor, 0o644)
        os.close(descriptor)
        descriptor = -1
        os.replace(name, target)
    finally:
        if descriptor >= 0:
            os.close(descriptor)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # ends: each write takes at least one byte or raises
        written = os.write(descriptor, view)
        view = view[written:]


def remove_leftovers(folder: Path, names: list[str]) -> None:
    """Remove the temporary files a killed build left for the outputs ``names`` in ``folder``."""
    for name in names:
        for leftover in folder.glob(f".{name}.*{SUFFIX}"):
            with contextlib.suppress(OSError):
                leftover.unlink()
