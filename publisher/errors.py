"""The one exception a build raises for problems in the publication itself."""

from __future__ import annotations

from pathlib import Path


class PublicationError(Exception):
    """A problem in the manuscript or its configuration, reported as one line.

    The CLI prints ``str(error)`` and exits non-zero; it never shows a traceback
    for this class, so the message must name the file (and line, where known).
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


def line_of(text: str, needle: str) -> int | None:
    """The line on which ``needle`` first stands in ``text``, for messages; None if it is not there."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1
