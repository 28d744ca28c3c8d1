"""Build a publication: read it once, then hand the model to each requested writer."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import remove_leftovers, write_atomically
from .layout import cache as layout_cache
from .layout.memory import LayoutMemory
from .lock import output_lock
from .model import Publication
from .names import CACHE_FILE, CONFIG_NAME, STATE_FILE, STYLES_DIR
from .parallel import in_second_process, processes_to_use
from .progress import Progress
from .reader import read_publication
from .state import fingerprint, record, tool_digest

log = logging.getLogger("publisher")

# A writer gets the model and the build's cache, where one writer leaves what
# another can reuse: the booklet imposes the print edition, the EPUB takes its
# page list and cover from the screen PDF's layout. It returns the file's bytes
# and, for a PDF, the page count for the progress line.
Writer = Callable[[Publication, dict[str, Any]], tuple[bytes, int | None]]


def _screen_layout(publication: Publication, cache: dict[str, Any]) -> Any:
    from .writers.pdf import SCREEN, lay_out

    if "screen" not in cache:
        cache["screen"] = lay_out(
            publication,
            SCREEN,
            processes=cache.get("processes", 1),
            progress=cache.get("progress"),
            memory=cache.get("memory"),
        )
    return cache["screen"]


def _pdf_writer(publication: Publication, cache: dict[str, Any]) -> tuple[bytes, int]:
    from .writers.pdf import SCREEN, document_bytes

    layout = _screen_layout(publication, cache).document
    return document_bytes(layout, publication, SCREEN, cache.get("drawings")), len(layout.pages)


def _print_edition(publication: Publication, cache: dict[str, Any]) -> tuple[bytes, int]:
    """The print edition's PDF and page count, made once for the print PDF and the booklet."""
    from .writers.pdf import PRINT, document_bytes, lay_out

    if "print" not in cache:
        from .writers.pdf.design import explain_print_colours

        explain_print_colours(publication)
        # The screen edition's pages, drawn in print colours with bleed (see writers/pdf/layout.py).
        layout = lay_out(publication, PRINT, _screen_layout(publication, cache)).document
        cache["print"] = (document_bytes(layout, publication, PRINT, cache.get("drawings")), len(layout.pages))
    return cache["print"]


def _print_writer(publication: Publication, cache: dict[str, Any]) -> tuple[bytes, int]:
    return _print_edition(publication, cache)


def _booklet_writer(publication: Publication, cache: dict[str, Any]) -> tuple[bytes, int]:
    from .design import publication_format
    from .imposition import MM, flip_edge, impose_booklet, impose_copies, sheet_size
    from .writers.pdf.document import is_flyer

    sheet: str | None = "A4"
    if is_flyer(publication):  # not folded: as many copies as fit on an A4 sheet, to cut
        booklet = impose_copies(_print_edition(publication, cache)[0], sheet=sheet)
    else:
        stacked = publication.options.design.booklet == "four-up"
        sheet = publication_format(publication).sheet(stacked=stacked)
        booklet = impose_booklet(_print_edition(publication, cache)[0], sheet=sheet, copies=2 if stacked else 1)
    width, height = sheet_size(booklet)
    if sheet is None:
        size = f"{width / MM:.0f} × {height / MM:.0f} mm"
        log.info("booklet: the sheet is %s, no standard size: print on larger paper and trim", size)
    log.info("booklet: print duplex, flip on %s, at 100 %%", flip_edge(width, height))
    return booklet, len(re.findall(rb"/Type\s*/Page\b", booklet))  # sheet sides; /Pages does not match


def _epub_writer(publication: Publication, cache: dict[str, Any]) -> tuple[bytes, None]:
    from .writers.epub import epub_bytes

    return epub_bytes(publication, _screen_layout(publication, cache).document), None


@dataclass(frozen=True)
class OutputFormat:
    name: str
    suffix: str  # appended to the slug: "" + ".pdf" → kasachstan.pdf
    writer: Writer


FORMATS: dict[str, OutputFormat] = {
    "pdf": OutputFormat("pdf", ".pdf", _pdf_writer),
    "print": OutputFormat("print", "-print.pdf", _print_writer),
    "booklet": OutputFormat("booklet", "-booklet.pdf", _booklet_writer),
    "epub": OutputFormat("epub", ".epub", _epub_writer),
}


# Made in a second process when there is a core for it, once the screen edition is
# laid out: the print edition is drawn from its pages there, and imposed as the
# booklet, while this process writes the screen PDF and the EPUB.
SIDE_PROCESS = ("print", "booklet")


def output_path(publication: Publication, output_dir: Path, output_format: OutputFormat) -> Path:
    return output_dir / f"{publication.metadata.slug}{output_format.suffix}"


def build(
    source: Path,
    output_dir: Path,
    formats: Iterable[str] = tuple(FORMATS),
    jobs: int | None = None,
    progress: Progress | None = None,
    memory: LayoutMemory | None = None,
    reuse: bool = True,
) -> list[Path]:
    """Build the publication in ``source`` into ``output_dir``; return the files written.

    Every output is written to an anonymous file and renamed into place, so a
    failed or killed build leaves the previous outputs as they were. With ``jobs`` of 2
    or more (the default where the machine has two cores) the print edition
    and its booklet are made in a second process while this one writes the
    screen PDF and the EPUB. ``progress`` is told how far the build is. ``memory`` keeps
    what the layout made for the next build in this process (``watch``; layout/memory.py).
    A build with a memory no build used yet (or none) takes what the last build into ``output_dir``
    decided from its layout cache (layout/cache.py), unless not ``reuse``; every build leaves its own there.
    One build at a time writes into ``output_dir`` (lock.py).
    """
    progress = progress if progress is not None else Progress()
    tool = tool_digest()  # before the read and the layout: what they are made with
    inputs = fingerprint(source, output_dir, tool)
    started = time.perf_counter()
    publication = read_publication(source)
    if not publication.metadata.responsible and publication.metadata.german_press_law:
        log.warning(
            "%s: no 'responsible' (V.i.S.d.P.): German press law wants one on printed matter",
            publication.root / CONFIG_NAME,
        )
    log.info("read %d part(s) in %.2f s", len(publication.parts), time.perf_counter() - started)
    output_dir.mkdir(parents=True, exist_ok=True)
    with output_lock(output_dir):
        return _build(publication, output_dir, formats, jobs, progress, memory, reuse, inputs, tool)


def _build(
    publication: Publication,
    output_dir: Path,
    formats: Iterable[str],
    jobs: int | None,
    progress: Progress,
    memory: LayoutMemory | None,
    reuse: bool,
    inputs: str | None,
    tool_digest: str,
) -> list[Path]:
    outputs = [output_path(publication, output_dir, fmt).name for fmt in FORMATS.values()]
    remove_leftovers(output_dir, [*outputs, STATE_FILE, CACHE_FILE])
    # A memory given is kept for the next build: then so is how the PDFs' pages were drawn.
    keep_drawings = memory is not None
    memory = memory if memory is not None else LayoutMemory()
    tool = layout_cache.tool(tool_digest)
    if reuse and memory.unused():  # a build in a new process, or watch's first
        stored = layout_cache.load(output_dir, [publication.root, STYLES_DIR], tool)
        if stored is not None:
            memory.take(stored)
    cache: dict[str, Any] = {"processes": processes_to_use(jobs), "progress": progress, "memory": memory}
    # In FORMATS order, whatever order they were asked for: the print edition before its booklet.
    requested = set(formats)
    names = [name for name in FORMATS if name in requested]
    side = [name for name in names if name in SIDE_PROCESS]
    main = [name for name in names if name not in SIDE_PROCESS]
    # Every output is made from the screen edition's layout (the EPUB takes its page list), laid out
    # first; before the fork, it is in both processes' memory, shared.
    laying_out = time.perf_counter()
    _screen_layout(publication, cache)
    log.info("laid out the PDF in %.2f s", time.perf_counter() - laying_out)
    if keep_drawings and {"pdf", "print", "booklet"} & requested:
        from .writers.pdf import kept_drawings

        # Taken after the layout, which drops them with an engine made anew.
        cache["drawings"] = kept_drawings(memory)
    drawings = cache.get("drawings")
    if side and main and cache["processes"] >= 2:
        from .writers.pdf import PRINT

        def write_side() -> tuple[dict[str, Path], Any]:
            # How the print edition's pages were drawn goes back to this process, for the next build.
            done = _write_formats(publication, output_dir, side, cache)
            return done, drawings.export(PRINT.name) if drawings is not None else None

        with in_second_process(write_side) as side_result:
            written = _write_formats(publication, output_dir, main, cache, len(names))
            cache.clear()  # the screen layout is the largest thing held: let it go while the other finishes
            progress.writing(" and ".join(_shown(name) for name in side), len(written), len(names))
            layout_cache.store(output_dir, memory, tool)
        side_written, side_drawings = side_result()
        written.update(side_written)
        if drawings is not None:
            drawings.adopt(PRINT.name, side_drawings)
    else:
        written = _write_formats(publication, output_dir, names, cache, len(names))
        layout_cache.store(output_dir, memory, tool)
    paths = [written[name] for name in names]
    record(output_dir, paths, inputs)
    return paths


def _write_formats(
    publication: Publication, output_dir: Path, names: list[str], cache: dict[str, Any], outputs: int = 0
) -> dict[str, Path]:
    """Write the ``names`` formats; ``outputs``: how many the build writes in all, for the progress shown."""
    written = {}
    progress = cache.get("progress") or Progress()
    for name in names:
        output_format = FORMATS[name]
        if outputs:
            progress.writing(_shown(name), len(written), outputs)
        target = output_path(publication, output_dir, output_format)
        started = time.perf_counter()
        data, pages = output_format.writer(publication, cache)
        write_atomically(target, data)
        detail = f" ({pages} pages)" if pages else ""
        log.info("wrote %s%s in %.2f s", target, detail, time.perf_counter() - started)
        written[name] = target
    return written


def _shown(name: str) -> str:
    """How the progress bar names an output."""
    return {"pdf": "the screen PDF", "print": "the print PDF", "booklet": "the booklet", "epub": "the EPUB"}[name]
