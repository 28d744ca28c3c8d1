"""PDF writer: the print HTML (document.py), laid out per edition (editions.py, layout.py), drawn (output.py)."""

from .document import build_document
from .editions import PRINT, SCREEN, Edition
from .layout import Layout, lay_out, render
from .output import document_bytes, kept_drawings

__all__ = [
    "PRINT",
    "SCREEN",
    "Edition",
    "Layout",
    "build_document",
    "document_bytes",
    "kept_drawings",
    "lay_out",
    "render",
]
