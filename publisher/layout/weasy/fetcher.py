"""A URL fetcher for WeasyPrint that reads only inside the folders a build may use.

WeasyPrint's default fetcher opens any ``file://`` path and any ``http(s)://``
URL, and ``<a rel="attachment">`` would embed whatever it fetched into the PDF.
A build must never read outside the publication folder and ``styles/``, nor
touch the network, so everything else is refused and ends the build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ...files import FileRead


class RefusedURLError(FatalURLFetchingError):
    """WeasyPrint was asked for a resource outside the allowed folders (``url``)."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


class ConfinedFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        # Every file handed to WeasyPrint, as it was when read (for what a later build may reuse).
        self.read: dict[Path, FileRead] = {}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:  # noqa: ARG002
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURLError(
                f"refused to fetch {url}: only files inside the publication and styles/ are read", url
            )
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise RefusedURLError(f"refused to read {path}: it is outside the publication and styles/", url)
        if not path.is_file():
            raise RefusedURLError(f"file not found: {path}", url)
        stat = path.stat()  # before the read: a file saved meanwhile then differs from what was noted
        data = path.read_bytes()
        self.read[path] = FileRead(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())
        return URLFetcherResponse(path.as_uri(), data, status=200)
