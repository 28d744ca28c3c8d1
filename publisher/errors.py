"""The exceptions a build raises for problems in the publication itself, and their collector."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
        return f"{location(self.path, self.line)}: {self.message}"

    @property
    def problems(self) -> list[PublicationError]:
        """Each problem this error stands for, one line each."""
        return [self]


class MultiplePublicationError(PublicationError):
    """Several problems found in one run, reported together as a compiler does."""

    def __init__(self, errors: list[PublicationError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.path, first.line)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)

    @property
    def problems(self) -> list[PublicationError]:
        return list(self.errors)


class Problems:
    """Collects a manuscript's problems, so that one run finds them all before the build stops."""

    def __init__(self) -> None:
        self.errors: list[PublicationError] = []

    def add(self, error: PublicationError) -> None:
        for problem in error.problems:
            if str(problem) not in {str(seen) for seen in self.errors}:
                self.errors.append(problem)

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Run a block whose PublicationError is recorded instead of raised."""
        try:
            yield
        except PublicationError as error:
            self.add(error)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_any(self) -> None:
        """Raise what was collected: the error itself when there is one, all of them when there are more."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise MultiplePublicationError(self.errors)


def location(path: Path | str, line: int | None = None) -> str:
    """``path:line`` as compilers write it, or the path alone when the line is not known."""
    return f"{path}:{line}" if line is not None else str(path)


def line_of(text: str, needle: str) -> int | None:
    """The line on which ``needle`` first stands in ``text``, for messages; None if it is not there."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1
