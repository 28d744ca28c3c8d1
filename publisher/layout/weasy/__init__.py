"""The one package that imports WeasyPrint and reads its internals.

Importing this package itself is cheap: WeasyPrint is loaded by its modules
(engine.py, boxes.py, fetcher.py), when a PDF is really laid out.
"""

import logging


def quiet(verbose: bool) -> None:
    """WeasyPrint logs every unsupported CSS property as a warning: keep those for ``verbose``."""
    logging.getLogger("weasyprint").setLevel(logging.INFO if verbose else logging.ERROR)
