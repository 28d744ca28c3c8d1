"""Render the designs of ``publisher init --design`` as the README's thumbnails (docs/designs/*.png).

Each design is scaffolded into a temporary folder, built as the screen PDF, and its first pages are
set side by side. Run from the repository: ``.venv/bin/python tools/design_thumbnails.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.build import build  # noqa: E402
from publisher.scaffold import DESIGNS, scaffold  # noqa: E402

# The pages each design shows: the pamphlet's cover, imprint and first spread; the book's cover,
# contents and first chapter; the flyer's page.
PAGES = {"pamphlet": (1, 2, 3, 4), "book": (1, 3, 5), "flyer": (1,)}
HEIGHT = 260  # px of each page in the thumbnail
GAP = 8


def thumbnail(pdf: Path, numbers: tuple[int, ...]) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    pages = [document[number - 1] for number in numbers if number <= len(document)]
    images = [page.render(scale=HEIGHT / page.get_height()).to_pil().convert("RGB") for page in pages]
    sheet = Image.new("RGB", (sum(image.width for image in images) + GAP * (len(images) + 1), HEIGHT + 2 * GAP), "#888")
    x = GAP
    for image in images:
        sheet.paste(image, (x, GAP))
        x += image.width + GAP
    return sheet


def main() -> None:
    target = ROOT / "docs" / "designs"
    target.mkdir(parents=True, exist_ok=True)
    for design in DESIGNS:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / design
            scaffold(source, title=f"Ein Titel für das Design „{design}“", design=design)
            (pdf,) = build(source, Path(folder) / "out", ["pdf"])
            thumbnail(pdf, PAGES[design]).save(target / f"{design}.png", optimize=True)
            print(target / f"{design}.png")


if __name__ == "__main__":
    main()
