"""Count and time the WeasyPrint layouts one publisher build makes, and why it makes them.

    .venv/bin/python benchmarks/layouts.py SOURCE [--format pdf print ...]

A diagnostic for the benchmark (not part of the test suite): it runs publisher's build in
this process with the layout engine's ``render`` (publisher/layout/weasy/engine.py) wrapped,
so every layout is listed with its edition (PDF variant), page count and time, and how many
problems each of the repair policy's checks (deferred_notes, lost_notes, bad_breaks in
publisher/layout/repairs/policy.py) found in it. publisher lays out a part at a time
(publisher/layout/paginate.py): a layout is one
part, or the probe of the parts' sides, or a blank page; a part laid out again after a
repair follows it. The build runs in one process (``jobs=1``) so that the print edition's
layouts are listed too. Nothing in publisher is changed; the wrappers live here.
"""

from __future__ import annotations

import argparse
import functools
import logging
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--format", dest="formats", nargs="+", default=None, help="as publisher build --format")
    args = parser.parse_args()

    from publisher import build as build_module
    from publisher.layout.repairs import policy
    from publisher.layout.weasy.engine import Engine

    events: list[str] = []
    layouts: list[tuple[str, int, float]] = []
    original_render = Engine.render

    @functools.wraps(original_render)
    def render(self, *a, **kw):
        started = time.perf_counter()
        document = original_render(self, *a, **kw)
        seconds = time.perf_counter() - started
        layouts.append((self.variant, len(document.pages), seconds))
        events.append(f"layout {len(layouts):2d}: {self.variant:9} {len(document.pages):4d} pages"
                      f" {seconds:7.2f} s")  # fmt: skip
        return document

    Engine.render = render
    for check in ("deferred_notes", "lost_notes", "bad_breaks"):
        original = getattr(policy, check, None)
        if original is None:
            continue

        def counted(document, *args, _original=original, _name=check):
            found = _original(document, *args)
            if found:
                events.append(f"           {_name}: {len(found)}")
            return found

        setattr(policy, check, counted)

    logging.getLogger("publisher").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        formats = args.formats or list(build_module.FORMATS)
        written = build_module.build(args.source, Path(out), formats, jobs=1)  # one process: every layout is seen
        total = time.perf_counter() - started
        # The pages of the laid-out editions (the booklet imposes the print edition's: not a layout of its own).
        edition_pages = sum(_pages(path) for path in written if path.suffix == ".pdf" and "booklet" not in path.name)
    print("\n".join(events))
    layout_time = sum(seconds for _v, _p, seconds in layouts)
    pages = sum(count for _v, count, _s in layouts)
    print(
        f"{len(layouts)} layouts of {pages} pages in all, {layout_time:.1f} s of a {total:.1f} s build"
        f" ({layout_time / total:.0%}; {layout_time / max(pages, 1) * 1000:.0f} ms a page laid out)"
        if layouts
        else f"no layouts in a {total:.1f} s build"
    )
    if edition_pages:
        print(f"{pages / edition_pages:.2f} pages laid out per page of the PDF editions ({edition_pages} pages)")


def _pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


if __name__ == "__main__":
    main()
