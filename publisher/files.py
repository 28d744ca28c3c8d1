"""The files of a folder that a build may read: every file below it but editors' and tools' own.

Standard library only: the no-op check (state.py) walks a publication with it before any heavy
module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def visible_files(folder: Path, skip: Callable[[Path], bool] | None = None, limit: int | None = None) -> list[Path]:
    """The regular files below ``folder``, in a stable order, hidden names left out.

    Hidden names are skipped because editors and tools keep their own state there (``.git/``,
    vim's ``.artikel.md.swp``, emacs' ``.#artikel.md`` lock links and ``#artikel.md#`` autosaves)
    and rewrite it on every keystroke or save. So is whatever ``skip`` refuses (a folder is not
    entered). Folders that cannot be read are passed over; symbolic links to folders are not
    followed. OSError if there are more than ``limit`` files.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:  # each folder is entered once (no symbolic link is followed): the walk ends
        current = pending.pop()
        try:
            entries = sorted(current.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "#")) or (skip is not None and skip(entry)):
                continue
            if entry.is_dir() and not entry.is_symlink():
                pending.append(entry)
            elif entry.is_file():
                found.append(entry)
                if limit is not None and len(found) > limit:
                    raise OSError(f"more than {limit} files in {folder}")
    return sorted(found)


@dataclass(frozen=True)
class FileRead:
    """How a file stood when a build read it: what tells a later build whether it changed since."""

    mtime_ns: int
    size: int
    sha256: str
