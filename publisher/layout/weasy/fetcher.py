"""A URL fetcher for WeasyPrint that reads only inside the folders a build may use.

WeasyPrint's default fetcher opens any ``file://`` path and any ``http(s)://``
URL, and ``<a rel="attachment">`` would embed whatever it fetched into the PDF.
A build must never read outside the publication folder and ``styles/``, nor
touch the network, so everything else is refused and ends the build.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class RefusedURLError(FatalURLFetchingError):
    """WeasyPrint was asked for a resource outside the allowed folders."""


class ConfinedFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.read: set[Path] = set()  # every file handed to WeasyPrint, for what a later build may reuse

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:  # noqa: ARG002
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURLError(f"refused to fetch {url}: only files inside the publication and styles/ are read")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise RefusedURLError(f"refused to read {path}: it is outside the publication and styles/")
        if not path.is_file():
            raise RefusedURLError(f"file not found: {path}")
        self.read.add(path)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), status=200)
