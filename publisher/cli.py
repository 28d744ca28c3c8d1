"""The ``publisher`` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import PublicationError
from .layout.weasy import quiet as quiet_engine
from .scaffold import DESIGNS

log = logging.getLogger("publisher")


class _MessageFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = {logging.WARNING: "warning: ", logging.ERROR: "error: "}.get(record.levelno, "")
        message = prefix + record.getMessage()
        if record.exc_info:  # -v on an internal error: the traceback, as documented
            message += "\n" + self.formatException(record.exc_info)
        return message


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        nargs="?",
        default="manuscript",
        type=Path,
        metavar="SOURCE",
        help="publication folder (default: manuscript/)",
    )


def _add_verbosity(parser: argparse.ArgumentParser, quiet: str = "print errors only") -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=quiet)
    parser.add_argument("-v", "--verbose", action="store_true", help="print more detail")


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", default="output", type=Path, metavar="OUTPUT", help="output folder (default: output/)"
    )


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    """SOURCE, -o, --format, -j, -q and -v: what build and watch share."""
    from .state import SUFFIXES  # the formats' names, without importing the writers

    formats = list(SUFFIXES)

    _add_source(parser)
    _add_output(parser)
    parser.add_argument(
        "--format",
        dest="formats",
        action="extend",
        nargs="+",
        choices=sorted(formats),
        metavar="FORMAT",
        help=f"formats to build, any of: {', '.join(formats)} (default: all)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes to build with: 2 makes the print edition and booklet beside the screen PDF and EPUB "
        "(default: 2 where two cores are free, else 1)",
    )
    _add_verbosity(parser)


def _parser() -> argparse.ArgumentParser:

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
    _add_build_options(build)
    build.add_argument(
        "--force",
        action="store_true",
        help="rebuild from scratch: even when nothing has changed, and without the last build's layout cache",
    )
    init = commands.add_parser(
        "init",
        help="create a new publication that builds at once",
        description="Create DIR with a publication.toml listing every key (commented), an article, a sidebar "
        "and a footnote.",
    )
    init.add_argument("target", type=Path, metavar="DIR", help="the new folder (must not exist or be empty)")
    init.add_argument("--title", help="the publication's title (default: from the folder name)")
    init.add_argument("--language", default="de", help="language tag (default: de)")
    init.add_argument(
        "--design",
        choices=DESIGNS,
        default="pamphlet",
        help="what to start from: pamphlet (an article and a sidebar), book (three chapters and a contents "
        "page) or flyer (one A6 page, no covers) (default: pamphlet)",
    )
    _add_verbosity(init)

    watch = commands.add_parser(
        "watch",
        help="rebuild on every change to the manuscript or styles",
        description="Build SOURCE, then rebuild whenever a file of the publication or styles/ changes "
        "(debounced). Errors are shown and watching goes on; Ctrl-C stops.",
    )
    _add_build_options(watch)

    proof = commands.add_parser(
        "proof",
        help="pictures of the print edition, with its layout problems drawn on them",
        description="Build the print edition of SOURCE into OUTPUT (if it is not up to date) and write, next to "
        "it, <slug>-proof.png (a contact sheet of every page, each layout problem outlined where it is) and "
        "<slug>-proof.html (the sheet, each page large, the list of problems, the figures; one file).",
    )
    _add_source(proof)
    _add_output(proof)
    proof.add_argument(
        "--against",
        metavar="OLD",
        help="compare with an earlier build: an output folder holding its print edition, or a git revision "
        "whose manuscript is built in a temporary folder; writes <slug>-proof-changes.png",
    )
    proof.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="append the figures, the changed pages and the problems to FILE as Markdown (a CI job's summary: "
        "$GITHUB_STEP_SUMMARY)",
    )
    _add_verbosity(proof)

    check = commands.add_parser(
        "check",
        help="lint the manuscript and validate the outputs",
        description=(
            "Lint the publication in SOURCE, build it in a temporary folder and validate the outputs "
            "(EPUBCheck when Java is present, the PDF editions' properties). Exits 1 on any error."
        ),
    )
    _add_source(check)
    check.add_argument(
        "--release", action="store_true", help="pre-press rules: V.i.S.d.P. required, no warning may be left"
    )
    check.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json"),
        default="text",
        help="report as text (default) or JSON",
    )
    _add_verbosity(check, quiet="print the summary only")
    return parser


def _check(args: argparse.Namespace) -> int:
    from .check import check, report

    log.handlers.clear()  # the build's own lines become findings instead of being printed
    log.setLevel(logging.INFO)
    findings = check(args.source, release=args.release)
    text = report(findings, args.output_format)
    print(text.splitlines()[-1] if args.quiet and args.output_format == "text" else text)
    return 1 if any(finding.level == "error" for finding in findings) else 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _build(args: argparse.Namespace) -> int:
    from .state import SUFFIXES, up_to_date

    formats = [name for name in SUFFIXES if not args.formats or name in args.formats]
    if not args.force:
        # Checked before the heavy modules are imported: a no-op build costs a few file reads.
        fresh = up_to_date(args.source, args.output, formats)
        if fresh is not None:
            log.info("up to date: %s (nothing changed; --force rebuilds)", ", ".join(str(p) for p in fresh))
            return 0
    from .build import build
    from .progress import Progress, for_terminal

    progress = Progress() if args.quiet else for_terminal()
    try:
        build(args.source, args.output, formats, jobs=args.jobs, progress=progress, reuse=not args.force)
    finally:
        progress.close()
    return 0


def _proof(args: argparse.Namespace) -> int:
    import tempfile

    from .build import build
    from .glyphs import MissingGlyphsError
    from .proof import make_proof
    from .proof.draft import draft_print_edition
    from .proof.earlier import earlier_print_edition
    from .proof.report import describe
    from .reader import read_publication

    missing, draft = [], None
    with tempfile.TemporaryDirectory(prefix="publisher-draft-") as scratch:
        try:
            (printed,) = build(args.source, args.output, ["print"])
            publication = read_publication(args.source)
        except MissingGlyphsError as error:
            for problem in error.problems:
                log.error("%s", problem)
            log.warning("proof: the build stops there; the proof shows a draft with the places marked")
            missing, draft = error.missing, "the build stopped on characters the fonts lack (see the problems)"
            publication = read_publication(args.source)
            printed = draft_print_edition(publication, Path(scratch))
        with earlier_print_edition(args.against, publication) as against:
            proof = make_proof(publication, printed, args.output, against, missing, draft)
    for finding in proof.problems:
        line = f", line {finding.line}" if finding.line is not None else ""
        log.info("page %d%s: %s (%s)", finding.page, line, finding.kind, finding.why)
    if proof.comparison is not None:
        log.info("against %s: %s", args.against, describe(proof.comparison))
        for run in proof.comparison.moved:
            words = run.words if len(run.words) <= 80 else f"{run.words[:38]} … {run.words[-38:]}"
            log.info("moved from page %d to page %d: %s", run.before, run.after, words)
    log.info("proof: %d problem(s); wrote %s and %s", len(proof.problems), proof.sheet, proof.page)
    if args.summary is not None:
        from .proof.report import summary

        text = summary(publication.metadata.title, proof.problems, proof.figures, proof.comparison, args.against)
        with args.summary.open("a", encoding="utf-8") as written:
            written.write(text)
    return 1 if missing else 0  # the build did not go through


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_MessageFormatter())
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO)
    quiet_engine(args.verbose)

    try:
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
        if args.command == "proof":
            return _proof(args)
        if args.command == "init":
            from .scaffold import scaffold

            for path in scaffold(args.target, title=args.title, language=args.language, design=args.design):
                log.info("wrote %s", path)
            return 0
        if args.command == "watch":
            from .progress import Progress, for_terminal
            from .watch import watch_publication

            progress = Progress if args.quiet else for_terminal
            watch_publication(args.source, args.output, args.formats, jobs=args.jobs, progress=progress)
            return 0
        return 0
    except PublicationError as error:
        for problem in error.problems:
            log.error("%s", problem)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except Exception as error:
        if args.verbose:
            log.exception("internal error: %s: %s", type(error).__name__, error)
        else:
            log.error("internal error: %s: %s (run with -v for details)", type(error).__name__, error)
        return 2
