"""The project's file and folder names, and file names derived from titles.

Standard library only, so the CLI and the no-op check can use it cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

CONFIG_NAME = "publication.toml"  # a folder with this file is a publication
STATE_FILE = ".publisher-state.json"  # in the output folder: what the last build read and wrote
CACHE_FILE = ".publisher-layout-cache"  # in the output folder: what the last build's layout decided
LOCK_FILE = ".publisher-lock"  # in the output folder: held by the build writing into it
PACKAGE_DIR = Path(__file__).resolve().parent
STYLES_DIR = PACKAGE_DIR.parent / "styles"

_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
# Letters that Unicode does not decompose into an ASCII letter and a mark (Œuvre, Łódź, Ærø).
_OTHER_LETTERS = str.maketrans(
    {"Œ": "Oe", "œ": "oe", "Æ": "Ae", "æ": "ae", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d"}
    | {"Þ": "Th", "þ": "th", "ẞ": "SS", "ı": "i"}
)


def slugify(text: str, max_length: int = 60, fallback: str = "publication") -> str:
    """An ASCII file-name slug; German umlauts are spelled out (ä → ae) as Germans do."""
    text = text.translate(_GERMAN_LETTERS).translate(_OTHER_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:  # one word longer than the limit: cut it rather than lose it
        slug = words[0][:max_length]
    return slug or fallback
