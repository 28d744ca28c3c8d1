"""The earlier print edition a proof compares with: one in an output folder, or one built from a git revision."""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import PublicationError
from ..model import Publication


@contextlib.contextmanager
def earlier_print_edition(against: str | None, publication: Publication) -> Iterator[Path | None]:
    """The earlier print edition's PDF: ``<slug>-print.pdf`` in the folder ``against``, or the print edition
    of the publication as the git revision ``against`` has it, built in a temporary folder (removed after)."""
    if against is None:
        yield None
        return
    folder = Path(against)
    if folder.is_dir():
        candidates = [folder / f"{publication.metadata.slug}-print.pdf", *sorted(folder.glob("*-print.pdf"))]
        found = next((path for path in candidates if path.is_file()), None)
        if found is None:
            raise PublicationError(f"no print edition (*-print.pdf) in {folder} to compare with")
        yield found
        return
    with tempfile.TemporaryDirectory(prefix="publisher-proof-") as temporary:
        yield _built_at(against, publication.root, Path(temporary))


def _built_at(revision: str, source: Path, temporary: Path) -> Path:
    """The print edition of ``source`` as git revision ``revision`` has it, built into ``temporary``."""
    from ..build import build

    def git(*arguments: str, where: Path = source) -> bytes:
        result = subprocess.run(["git", "-C", str(where), *arguments], capture_output=True, check=False, timeout=120)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PublicationError(
                f"--against {revision}: not a folder, nor a git revision ({message[-1] if message else 'git failed'})"
            )
        return result.stdout

    top = Path(git("rev-parse", "--show-toplevel").decode().strip())
    inside = source.resolve().relative_to(top.resolve()).as_posix() or "."
    archive = git("archive", "--format=tar", revision, "--", inside, where=top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(temporary / "tree", filter="data")  # no links out, no absolute paths
    (printed,) = build(temporary / "tree" / inside, temporary / "out", ["print"])
    return printed
