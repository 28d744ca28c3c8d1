#!/usr/bin/env python3
r"""Convert TeX hyphenation patterns into the libhyphen ``.dic`` format read by pyphen.

Produces ``publisher/hyphenation/data/de.dic``.  The input is the German
"dehyph-exptl" pattern file (MIT licence, Deutschsprachige Trennmustermannschaft),
as shipped in Debian's ``texlive-lang-german`` package (bookworm:
2022.20230122-1, dehyph-exptl 0.8, file ``dehyphn-x-2022-03-16.pat``)::

    apt-get update
    cd /tmp && apt-get download texlive-lang-german
    python3 tools/convert_tex_patterns.py \
        /tmp/texlive-lang-german_2022.20230122-1_all.deb \
        publisher/hyphenation/data/de.dic

The input may be the ``.deb`` itself (the pattern file is read out of it with
``dpkg-deb``; pick another member with ``--member GLOB``) or an already extracted
``.pat``/``.tex`` file, e.g. after ``dpkg-deb -x PKG.deb /tmp/x``::

    python3 tools/convert_tex_patterns.py \
        /tmp/x/usr/share/texlive/texmf-dist/tex/generic/dehyph-exptl/dehyphn-x-2022-03-16.pat \
        publisher/hyphenation/data/de.dic

What the conversion does:

* the ``\patterns{...}`` body is copied pattern by pattern, in the original
  order (digits and ``.`` word boundaries kept as they are: libhyphen uses the
  same notation as TeX);
* ``\hyphenation{...}`` exceptions, if the input has any, become whole-word
  patterns (``.ta8b9le.``-style, with 8/9 above every pattern digit) so that
  they win over the patterns, as in TeX;
* the leading ``%`` comment block of the input (title, version, copyright,
  MIT licence text, source commit) is kept as ``%`` comments, so the notice
  travels with the data; pyphen and libhyphen skip ``%`` lines;
* the file is written as UTF-8 with ``UTF-8`` on its first line and
  ``LEFTHYPHENMIN``/``RIGHTHYPHENMIN`` 2/2 (the "typesetting" minima the
  pattern authors state).

The output is deterministic: running the script twice on the same input gives
byte-identical files.  Standard library only.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

DEFAULT_MEMBER = "*/tex/generic/dehyph-exptl/dehyphn-x-*.pat"
# Letters the German patterns may contain; anything else means we misparsed.
PATTERN_RE = re.compile(r"^[.\d]*(?:[^\W\d_][\d]?)+\.?\d?$")
# Exceptions get weights above every digit the patterns use (dehyph-exptl: <= 7).
EXC_BREAK, EXC_NOBREAK = "9", "8"


def read_source(src: Path, member: str) -> tuple[str, str]:
    """Return (text, description) of the pattern file, read from a .deb if needed."""
    if src.suffix != ".deb":
        return src.read_text(encoding="utf-8"), src.name
    # dpkg-deb knows every data.tar compression Debian uses; tarfile reads the stream.
    tar_bytes = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(src)], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        names = sorted(n for n in tar.getnames() if fnmatch.fnmatch(n, member))
        if len(names) != 1:
            raise SystemExit(f"{src}: expected one member matching {member!r}, found {names}")
        fh = tar.extractfile(names[0])
        if fh is None:
            raise SystemExit(f"{src}: {names[0]} is not a regular file")
        return fh.read().decode("utf-8"), f"{src.name}:{names[0].lstrip('./')}"


def tex_group(text: str, command: str) -> list[str]:
    r"""Tokens of every ``\command{...}`` group, comments removed."""
    # Comments go first: a header may mention \patterns{...} itself.
    code = "\n".join(line.split("%", 1)[0] for line in text.splitlines())
    tokens: list[str] = []
    for match in re.finditer(re.escape("\\" + command) + r"\s*\{(.*?)\}", code, re.S):
        tokens.extend(match.group(1).split())
    return tokens


def header_comments(text: str) -> list[str]:
    """Return the leading ``%`` comment block (metadata, licence) of a pattern file."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("%"):
            break
        lines.append(line.rstrip())
    return lines


def exception_pattern(word: str) -> str:
    """``ta-ble`` -> ``.t8a9b8l8e.``: forces exactly the given breaks inside the word."""
    parts = word.lower().split("-")
    letters = "".join(parts)
    breaks = {sum(len(p) for p in parts[:i]) for i in range(1, len(parts))}
    out = ["."]
    for i, ch in enumerate(letters):
        if i:
            out.append(EXC_BREAK if i in breaks else EXC_NOBREAK)
        out.append(ch)
    out.append(".")
    return "".join(out)


def convert(text: str, source: str, digest: str) -> str:
    """Build the .dic text from a TeX pattern file's text."""
    patterns = tex_group(text, "patterns")
    if not patterns:
        raise SystemExit(f"{source}: no \\patterns{{...}} found")
    bad = [p for p in patterns if not PATTERN_RE.match(p)]
    if bad:
        raise SystemExit(f"{source}: unexpected pattern tokens, e.g. {bad[:5]}")
    # TeX refuses duplicate patterns; pyphen would silently keep the last one.
    letters_only = [re.sub(r"\d", "", p) for p in patterns]
    if len(set(letters_only)) != len(letters_only):
        raise SystemExit(f"{source}: duplicate patterns")
    exceptions = [exception_pattern(w) for w in tex_group(text, "hyphenation")]

    out = [
        "UTF-8",
        "LEFTHYPHENMIN 2",
        "RIGHTHYPHENMIN 2",
        f"% Generated by tools/convert_tex_patterns.py from {source}",
        f"% sha256 of the pattern file: {digest}",
        f"% {len(patterns)} patterns, {len(exceptions)} exceptions",
        "%",
        *header_comments(text),
        *patterns,
        *exceptions,
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help=".deb, .pat or .tex file with \\patterns")
    ap.add_argument("output", type=Path, help="the .dic file to write")
    ap.add_argument("--member", default=DEFAULT_MEMBER, help="glob for the file inside a .deb")
    args = ap.parse_args(argv)

    text, source = read_source(args.source, args.member)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    result = convert(text, source, digest)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(result, encoding="utf-8", newline="\n")
    print(f"wrote {args.output} ({result.count(chr(10))} lines) from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
