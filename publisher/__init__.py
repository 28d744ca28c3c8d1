"""publisher: Markdown manuscripts to print-ready PDF pamphlets and EPUB 3 books."""

__version__ = "0.1.0"
