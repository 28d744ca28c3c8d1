"""Hyphenation patterns ready to load: pyphen's parsed dictionary, stored beside its ``.dic``.

pyphen parses a ``.dic`` line by line with regular expressions: 0.25 s for our
36,000 German patterns, on every build. The parsed table, pickled and
compressed into ``de.patterns`` next to ``de.dic``, loads in 0.03 s. It carries
the SHA-256 of the ``.dic`` it was made from and is used only while that still
matches, so an edited ``.dic`` is never shadowed by a stale table.

Regenerate after changing a ``.dic``::

    .venv/bin/python tools/compile_patterns.py publisher/hyphenation/data/de.dic
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from pathlib import Path

import pyphen

FORMAT = 1  # bump when the stored layout changes


def compiled_path(dic: Path) -> Path:
    return dic.with_suffix(".patterns")


def compile_patterns(dic: Path) -> bytes:
    """The parsed patterns of ``dic`` with the digest of its bytes, deterministically serialised."""
    parsed = pyphen.HyphDict(dic)
    payload = (FORMAT, hashlib.sha256(dic.read_bytes()).hexdigest(), parsed.patterns, parsed.maxlen)
    return zlib.compress(pickle.dumps(payload, protocol=5), 9)


def load(dic: Path) -> None:
    """Put ``dic``'s compiled patterns into pyphen's cache, where ``Pyphen(filename=dic)`` finds them.

    Does nothing when there is no compiled file or it was made from another
    ``.dic``: pyphen then parses the ``.dic`` itself.
    """
    key = Path(dic)
    if key in pyphen.hdcache:
        return
    try:
        # Our own file, shipped inside the package: unpickling it is as safe as importing our code.
        version, digest, patterns, maxlen = pickle.loads(zlib.decompress(compiled_path(key).read_bytes()))
    except (OSError, ValueError, zlib.error, pickle.UnpicklingError):
        return
    if version != FORMAT or digest != hashlib.sha256(key.read_bytes()).hexdigest():
        return
    table = pyphen.HyphDict.__new__(pyphen.HyphDict)
    table.patterns, table.maxlen, table.cache = patterns, maxlen, {}
    pyphen.hdcache[key] = table
