#!/usr/bin/env python3
"""Make the pre-made EPUB subsets of the bundled fonts, in ``styles/fonts/epub/``.

The EPUB embeds the faces of ``styles/fonts.css`` cut down to the characters in
use. Subsetting seven faces with fontTools takes about a second, most of the time
an EPUB takes to write, so this script does it once, ahead of time, for a fixed
repertoire that covers European Latin-script text (``REPERTOIRE`` below). At build
time the EPUB writer takes a face's pre-made subset as it is if the font file is
still the one the subset was made from (same SHA-256) and the book uses no
character outside the repertoire; otherwise it subsets the font itself, as before.

Run it after changing a font in ``styles/fonts/`` or the faces in ``fonts.css``,
and commit what it writes::

    .venv/bin/python tools/subset_epub_fonts.py

It writes, for every face of ``styles/fonts.css``:

* ``styles/fonts/epub/<file name>``: the subset, made by the EPUB writer's own
  function (``publisher.writers.epub._subset``, so with the same fontTools
  options: all layout features, all names, a .notdef outline, the source's time
  stamp);
* an entry in ``styles/fonts/epub/manifest.json``: the source file's SHA-256, the
  code points the subset covers and the code points of the repertoire the source
  font does not have (so no subset can have them), as ``U+XXXX`` or
  ``U+XXXX..U+YYYY`` ranges.

Font files in the output folder that no face needs any more are removed. The
output is deterministic: running the script twice gives byte-identical files
(tests/test_epub.py checks that the committed files are what it writes).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools.ttLib import TTFont

from publisher.glyphs import font_faces
from publisher.names import STYLES_DIR
from publisher.writers.epub import FONTS_DIR, PREMADE_FONTS_DIR, _subset

# Inclusive ranges: what a German, French or English (and most other European Latin-script)
# text uses, with the typographer's spaces, dashes, quotes and symbols.
REPERTOIRE: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement (with U+00AD soft hyphen), Latin Extended-A
    (0x0218, 0x021B),  # Ș ș Ț ț (Romanian, comma below)
    (0x2002, 0x200B),  # en, em, three-per-em … figure, punctuation, thin, hair spaces; zero width space
    (0x2010, 0x2027),  # hyphen, non-breaking hyphen, dashes, quotes, daggers, bullet, ellipsis, hyphenation point
    (0x202F, 0x2030),  # narrow no-break space, per mille
    (0x2039, 0x203A),  # single guillemets
    (0x2044, 0x2044),  # fraction slash
    (0x20AC, 0x20AC),  # euro
    (0x2116, 0x2116),  # numero
    (0x2122, 0x2122),  # trade mark
    (0x2190, 0x2193),  # arrows left, up, right, down
    (0x2212, 0x2212),  # minus
)
FONT_SUFFIXES = (".otf", ".ttf", ".woff", ".woff2")
MANIFEST_NAME = "manifest.json"


def repertoire() -> list[int]:
    """The code points of ``REPERTOIRE``, in order."""
    return [code for first, last in REPERTOIRE for code in range(first, last + 1)]


def ranges(code_points: Iterable[int]) -> list[str]:
    """Sorted code points as ``["U+0020..U+007E", "U+00A0", …]``."""
    result: list[list[int]] = []
    for code in sorted(set(code_points)):
        if result and code == result[-1][1] + 1:
            result[-1][1] = code
        else:
            result.append([code, code])
    return [f"U+{first:04X}" if first == last else f"U+{first:04X}..U+{last:04X}" for first, last in result]


def make_subsets(output: Path, stylesheet: Path = STYLES_DIR / "fonts.css", fonts: Path = FONTS_DIR) -> dict:
    """Write the subsets of the faces of ``stylesheet`` and their manifest into ``output``; return the manifest.

    The faces' files must lie in ``fonts``; a subset's name in ``output`` is its font's path relative to ``fonts``.
    """
    wanted = repertoire()
    faces: dict[str, dict] = {}
    for face in font_faces(stylesheet):
        if not face.path.is_relative_to(fonts):
            raise SystemExit(f"{stylesheet}: {face.path} is not in {fonts}")
        name = face.path.relative_to(fonts).as_posix()
        if name in faces:
            continue  # one file for two rules
        source = face.path.read_bytes()
        has = set(TTFont(io.BytesIO(source), lazy=True).getBestCmap())
        subset = _subset(face.path, "".join(chr(code) for code in wanted if code in has), face.family)
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(subset)
        faces[name] = {
            "source_sha256": hashlib.sha256(source).hexdigest(),
            "code_points": ranges(TTFont(io.BytesIO(subset)).getBestCmap()),
            "source_lacks": ranges(code for code in wanted if code not in has),
        }
    manifest = {
        "about": "Subsets of the fonts in styles/fonts.css for the EPUB, made by tools/subset_epub_fonts.py. "
        "Do not edit: run the script again.",
        "repertoire": ranges(wanted),
        "faces": faces,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    (output / MANIFEST_NAME).write_text(text, encoding="utf-8", newline="\n")
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix.lower() in FONT_SUFFIXES and path.relative_to(output).as_posix() not in faces:
            path.unlink()
            print(f"removed {path} (no face uses it)")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", type=Path, default=PREMADE_FONTS_DIR, help="folder to write (default: %(default)s)")
    args = ap.parse_args(argv)

    args.output.mkdir(parents=True, exist_ok=True)
    manifest = make_subsets(args.output)
    for name, entry in manifest["faces"].items():
        size = (args.output / name).stat().st_size
        lacks = f", source lacks {', '.join(entry['source_lacks'])}" if entry["source_lacks"] else ""
        print(f"wrote {args.output / name} ({size} bytes{lacks})")
    print(f"wrote {args.output / MANIFEST_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
