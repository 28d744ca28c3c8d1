"""The PDF file of a laid-out edition: drawn by the engine, then the print shop's boxes set."""

from __future__ import annotations

import io
import logging
import uuid
from typing import TYPE_CHECKING

from ...layout.pages import LaidOut
from ...model import Publication
from ..common import IDENTIFIER_NAMESPACE, build_time, identifier
from .editions import Edition, crop_marks

if TYPE_CHECKING:
    from ...layout.memory import LayoutMemory
    from ...layout.weasy.replay import Drawings

log = logging.getLogger("publisher")
BLEED = 3 * 72 / 25.4  # 3 mm in PDF points, what print shops ask for


def document_bytes(
    document: LaidOut, publication: Publication, edition: Edition, drawings: Drawings | None = None
) -> bytes:
    """The PDF file of a laid-out edition, the same bytes for the same inputs.

    ``drawings`` holds how the pages of the last PDF of the edition written with it were drawn:
    the pages that are the same are not drawn again (layout/weasy/replay.py).
    """
    from ...layout.weasy.engine import pdf_bytes

    stamp = int(build_time(publication).timestamp())
    document_id = uuid.uuid5(IDENTIFIER_NAMESPACE, f"{identifier(publication)} {edition.name}")
    data = pdf_bytes(document, edition.variant, document_id, stamp, drawings, edition.name)
    if drawings is not None:
        log.info(
            "%s edition: %d page(s) drawn, %d replayed from the last build",
            edition.name,
            drawings.drawn,
            drawings.replayed,
        )
    if crop_marks(publication, edition):
        data = _bleed_box(data, BLEED)
    return data


def _bleed_box(data: bytes, bleed: float) -> bytes:
    """Set every page's BleedBox to the trim box plus ``bleed``, as an incremental update.

    WeasyPrint draws crop marks inside the bleed, so crop-marks.css asks for a
    wide bleed to leave room for them; the print shop must still see 3 mm.
    """
    import pypdf
    from pypdf.generic import RectangleObject

    writer = pypdf.PdfWriter(io.BytesIO(data), incremental=True)
    for page in writer.pages:
        trim = page.trimbox
        page[pypdf.generic.NameObject("/BleedBox")] = RectangleObject(
            [float(trim.left) - bleed, float(trim.bottom) - bleed, float(trim.right) + bleed, float(trim.top) + bleed]
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def kept_drawings(memory: LayoutMemory) -> Drawings:
    """The page drawings ``memory`` keeps for the next build in this process (made on first use)."""
    from ...layout.weasy.replay import Drawings

    if memory.drawings is None:
        memory.drawings = Drawings()
    return memory.drawings
