"""What the typography transform changed, and what it could not decide."""

from __future__ import annotations

from dataclasses import dataclass, field

_CONTEXT = 24  # characters shown on each side of a change


def _excerpt(text: str, index: int) -> str:
    start, end = max(0, index - _CONTEXT), min(len(text), index + _CONTEXT)
    return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class Change:
    rule: str
    before: str
    after: str
    context: str
    where: str


@dataclass(frozen=True)
class Undecided:
    rule: str
    reason: str
    context: str
    where: str


@dataclass
class Report:
    """Collected while the transform runs; ``publisher check`` prints the undecided ones."""

    changes: list[Change] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)

    def add_change(self, rule: str, before: str, after: str, text: str, index: int, where: str) -> None:
        self.changes.append(Change(rule, before, after, _excerpt(text, index), where))

    def add_undecided(self, rule: str, reason: str, text: str, index: int, where: str) -> None:
        self.undecided.append(Undecided(rule, reason, _excerpt(text, index), where))

    def extend(self, other: Report) -> None:
        self.changes.extend(other.changes)
        self.undecided.extend(other.undecided)

    def counts(self) -> dict[str, int]:
        """How many changes each rule made."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.rule] = counts.get(change.rule, 0) + 1
        return counts
