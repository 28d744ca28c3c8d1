"""Measure an edit rebuild in `publisher watch` against a cold build of the same text.

    .venv/bin/python benchmarks/watch.py SOURCE [--runs 3] [--grow]

A copy of SOURCE is built once in this process with a layout memory, as `publisher watch`
builds (publisher/watch.py calls publisher.build.build with one LayoutMemory for all its
rebuilds). Then, run after run: one word is added to a paragraph in the middle part (or, the
next run, taken out again; with --grow the paragraph is doubled, then halved, so that the
part's pages change), the rebuild is timed in this process, and a cold build of the same
text (`publisher build --force` in a process of its own, into another folder) is timed after
it; the two are compared byte for byte. Medians of the rebuilds and of the cold builds, and
their ratio, are printed. Generated books come from benchmarks/make_book.py.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import EDIT_WORD, middle_part

from publisher.build import FORMATS, build
from publisher.layout.memory import LayoutMemory


def change(part: Path, grow: bool) -> None:
    """The edit of one run: a word in (or out), or, with ``grow``, a paragraph doubled (or halved)."""
    text = part.read_text(encoding="utf-8")
    paragraphs = [block for block in text.split("\n\n") if len(block) > 200 and block[:1].isalpha()]
    paragraph = paragraphs[len(paragraphs) // 2]
    if grow:
        doubled = f"{paragraph} {paragraph}"
        changed = text.replace(doubled, paragraph, 1) if doubled in text else text.replace(paragraph, doubled, 1)
    elif f" {EDIT_WORD} " in text:
        changed = text.replace(f" {EDIT_WORD} ", " ", 1)
    else:
        first_space = paragraph.index(" ")
        changed = text.replace(paragraph, f"{paragraph[:first_space]} {EDIT_WORD} {paragraph[first_space + 1 :]}", 1)
    part.write_text(changed, encoding="utf-8")


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--grow", action="store_true", help="double a paragraph instead of adding a word")
    args = parser.parse_args()
    logging.getLogger("publisher").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix="publisher-watch-") as folder:
        work = Path(folder)
        source = shutil.copytree(args.source, work / "source")
        part = middle_part(source)
        memory = LayoutMemory()
        build(source, work / "watch", FORMATS, memory=memory)
        rebuilds, colds = [], []
        for number in range(1, args.runs + 1):
            change(part, args.grow)
            started = time.perf_counter()
            build(source, work / "watch", FORMATS, memory=memory)
            rebuilds.append(time.perf_counter() - started)
            shutil.rmtree(work / "cold", ignore_errors=True)
            command = [sys.executable, "-m", "publisher", "build", str(source), "-o", str(work / "cold"), "--force"]
            started = time.perf_counter()
            subprocess.run([*command, "-q"], check=True)
            colds.append(time.perf_counter() - started)
            same = outputs(work / "watch") == outputs(work / "cold")
            print(
                f"run {number}/{args.runs}: rebuild {rebuilds[-1]:.2f} s, cold {colds[-1]:.2f} s"
                f" ({rebuilds[-1] / colds[-1]:.0%}), {'byte-identical' if same else 'OUTPUTS DIFFER'}",
                flush=True,
            )
            if not same:
                return 1
    rebuild, cold = statistics.median(rebuilds), statistics.median(colds)
    print(f"edited {part.name}: rebuild {rebuild:.2f} s, cold {cold:.2f} s (medians): {rebuild / cold:.0%} of cold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
