"""The ``publisher`` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import PublicationError

log = logging.getLogger("publisher")


class _MessageFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = {logging.WARNING: "warning: ", logging.ERROR: "error: "}.get(record.levelno, "")
        return prefix + record.getMessage()


def _parser() -> argparse.ArgumentParser:
    from .build import FORMATS

    parser = argparse.ArgumentParser(
        prog="publisher", description="Build Markdown manuscripts into print-ready PDFs and EPUB 3 books."
    )
    parser.add_argument("--version", action="version", version=f"publisher {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build a publication into PDF and EPUB",
        description=("Build the publication in SOURCE (a folder with a publication.toml) into OUTPUT."),
    )
    build.add_argument(
        "source",
        nargs="?",
        default="manuscript",
        type=Path,
        metavar="SOURCE",
        help="publication folder (default: manuscript/)",
    )
    build.add_argument(
        "-o", "--output", default="output", type=Path, metavar="OUTPUT", help="output folder (default: output/)"
    )
    build.add_argument(
        "--format",
        dest="formats",
        action="extend",
        nargs="+",
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"formats to build, any of: {', '.join(FORMATS)} (default: all)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_MessageFormatter())
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO)
    # WeasyPrint logs every unsupported CSS property as a warning; keep those for -v.
    logging.getLogger("weasyprint").setLevel(logging.INFO if args.verbose else logging.ERROR)

    try:
        if args.command == "build":
            from .build import FORMATS, build

            build(args.source, args.output, dict.fromkeys(args.formats or FORMATS))
        return 0
    except PublicationError as error:
        log.error("%s", error)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except Exception as error:
        if args.verbose:
            log.exception("internal error")
        else:
            log.error("internal error: %s: %s (run with -v for details)", type(error).__name__, error)
        return 2
