"""Benchmark publisher against a bare Markdown + WeasyPrint + ebooklib baseline.

    .venv/bin/python benchmarks/run.py            # defaults: 3 runs, pamphlet, book, scaling (~5 min)
    .venv/bin/python benchmarks/run.py --quick    # 1 run, a 60-page book (~2 min)
    .venv/bin/python benchmarks/run.py --profile  # also profile one build of the pamphlet and the book

Every command is measured as its own process (imports count, as users experience them) through
benchmarks/measure.py: wall time around the command, peak memory as the proportional set size
summed over the command's process tree (a build's second process is charged), sampled every
10 ms. Runs are interleaved (baseline, publisher, [no-op], baseline, publisher, ...) and medians
reported. Workloads:

  pamphlet         the bundled manuscript/
  book             a generated ~300-page book (benchmarks/make_book.py): 30 chapters, notes, sidebars
  scaling          the generator at 1x, 4x and 16x a base of book/16 pages; 16x is the book itself
  long-parts       the book's size in 1, 2, 4 and 12 long chapters (make_book.py --long-parts N):
                   no notes, short paragraphs and dialogue, three heading levels
  single-800       an 800-page book in one file (--long-parts 1)
  long-paragraphs  a book of book/5 pages whose paragraphs have 1,000-4,000 characters
  scaling-length   one chapter at 1x, 4x and 16x of book/16 pages; 16x is long-parts' one chapter
  all              every workload above (--workloads all: about an hour)

For the pamphlet and the book every run also measures an edit rebuild: after the cold build
(--force) and the no-op, one word is added to (or, the next run, taken from) a paragraph in
the middle chapter, and `publisher build` runs without --force, taking what it can from the
layout cache the cold build left in the output folder. It is reported against the cold build.

A workload stops repeating once it has used --budget seconds (default 300), so a slow book is
measured once rather than blowing the time limit; the number of runs is reported. Results go to
benchmarks/results.json; generated sources, outputs and profiles to benchmarks/.work/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
PYTHON = sys.executable
# Byte-code as users have it (compiled once, by the warm-up), kept under .work/ rather than next
# to the sources, whatever PYTHONDONTWRITEBYTECODE says in this shell.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")

sys.path.insert(0, str(HERE))
import make_book  # noqa: E402


@dataclass
class Workload:
    name: str
    source: Path
    runs: list[dict[str, dict]] = field(default_factory=list)  # per run: {"baseline": m, "publisher": m, "noop": m}
    pages: dict[str, int | None] = field(default_factory=dict)
    words: int = 0
    error: str | None = None
    edited: Path | None = None  # the part file an edit rebuild changes, if the workload measures one

    def median(self, tool: str, key: str) -> float | None:
        values = [run[tool][key] for run in self.runs if tool in run]
        return statistics.median(values) if values else None


# --- the commands -------------------------------------------------------------------------------


def publisher_features() -> dict[str, bool]:
    help_text = subprocess.run(
        [PYTHON, "-m", "publisher", "build", "--help"], capture_output=True, text=True, cwd=REPO, env=ENV, check=False
    ).stdout
    force = "--force" in help_text
    # A no-op mode comes with --force (the way to get past it); whether a second build was
    # really skipped is checked from the outputs' modification times.
    return {"force": force, "noop": force}


def publisher_command(source: Path, out: Path, force: bool) -> list[str]:
    return [PYTHON, "-m", "publisher", "build", str(source), "-o", str(out), *(["--force"] if force else []), "-q"]


def baseline_command(source: Path, out: Path) -> list[str]:
    return [PYTHON, str(HERE / "baseline.py"), str(source), str(out)]


def measure(command: list[str]) -> dict:
    completed = subprocess.run(
        [PYTHON, str(HERE / "measure.py"), *command], capture_output=True, text=True, cwd=REPO, env=ENV, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"measure.py failed: {completed.stderr.strip()}")
    result = json.loads(completed.stdout)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result['returncode']}:\n{result['output'].strip()}")
    del result["output"]
    return result


def page_count(pdf: Path) -> int | None:
    try:
        import pypdf

        return len(pypdf.PdfReader(pdf).pages)
    except Exception:  # noqa: BLE001 - a missing page count must not stop the benchmark
        return None


def code_state() -> dict[str, tuple[int, int]]:
    """(mtime, size) of publisher's code and styles, which its no-op check fingerprints."""
    return {
        str(path): (path.stat().st_mtime_ns, path.stat().st_size)
        for folder in (REPO / "publisher", REPO / "styles")
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def outputs(folder: Path) -> dict[str, int]:
    """{file name: mtime_ns} of the visible outputs in ``folder``."""
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


# --- running ------------------------------------------------------------------------------------


def run_workload(workload: Workload, runs: int, budget: float, features: dict[str, bool]) -> None:
    out_publisher = WORK / "out" / workload.name / "publisher"
    out_baseline = WORK / "out" / workload.name / "baseline"
    for folder in (out_publisher, out_baseline):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    for number in range(1, runs + 1):
        run: dict[str, dict] = {}
        print(f"  {workload.name}: run {number}/{runs}: baseline", end="", flush=True)
        run["baseline"] = measure(baseline_command(workload.source, out_baseline))
        print(f" {run['baseline']['wall_s']:.1f} s, publisher", end="", flush=True)
        if not features["force"]:
            # Without --force a repeated build might be skipped: start from an empty folder instead.
            shutil.rmtree(out_publisher, ignore_errors=True)
        code = code_state()
        run["publisher"] = measure(publisher_command(workload.source, out_publisher, force=features["force"]))
        print(f" {run['publisher']['wall_s']:.1f} s", end="", flush=True)
        if features["noop"] and code_state() != code:
            # Someone edited publisher meanwhile: the second build would rightly be a full one.
            print(", no-op not measured (publisher's code changed during the build)", end="", flush=True)
        elif features["noop"]:
            before = outputs(out_publisher)
            run["noop"] = measure(publisher_command(workload.source, out_publisher, force=False))
            skipped = outputs(out_publisher) == before
            run["noop"]["skipped"] = skipped
            print(f", no-op {run['noop']['wall_s']:.2f} s{'' if skipped else ' (NOT skipped)'}", end="", flush=True)
        if workload.edited is not None:
            edit(workload.edited)
            run["edit"] = measure(publisher_command(workload.source, out_publisher, force=False))
            print(f", edit {run['edit']['wall_s']:.1f} s", end="", flush=True)
        print()
        workload.runs.append(run)
        if number == 1:
            screen = [p for p in out_publisher.glob("*.pdf") if not p.stem.endswith(("-print", "-booklet"))]
            workload.pages = {
                "publisher_screen": page_count(screen[0]) if screen else None,
                "publisher_print": next((page_count(p) for p in out_publisher.glob("*-print.pdf")), None),
                "baseline": next((page_count(p) for p in out_baseline.glob("*.pdf")), None),
            }
        elapsed = time.perf_counter() - started
        if budget and number < runs and elapsed / number * (number + 1) > budget:
            print(f"  {workload.name}: stopping after {number} run(s): the next would pass --budget {budget:.0f} s")
            break


EDIT_WORD = "wirklich"


def edit(part: Path) -> None:
    """Take the word an earlier edit added out of ``part``; else add it to a paragraph in its middle."""
    text = part.read_text(encoding="utf-8")
    marked = f" {EDIT_WORD} "
    if marked in text:
        part.write_text(text.replace(marked, " ", 1), encoding="utf-8")
        return
    paragraphs = [block for block in text.split("\n\n") if len(block) > 200 and block[:1].isalpha()]
    paragraph = paragraphs[len(paragraphs) // 2]
    first_space = paragraph.index(" ")
    changed = paragraph[:first_space] + marked + paragraph[first_space + 1 :]
    part.write_text(text.replace(paragraph, changed, 1), encoding="utf-8")


def middle_part(source: Path) -> Path:
    """The part file in the middle of ``source``'s publication.toml."""
    import tomllib

    config = tomllib.loads((source / "publication.toml").read_text(encoding="utf-8"))
    files = [entry["file"] for entry in config["parts"] if "file" in entry]
    return source / files[len(files) // 2]


def warm_up(source: Path, features: dict[str, bool]) -> None:
    """One unmeasured build of each, so byte-code compilation and cold disk caches count nowhere."""
    out = WORK / "out" / "warm-up"
    measure(baseline_command(source, out / "baseline"))
    measure(publisher_command(source, out / "publisher", force=features["force"]))
    shutil.rmtree(out, ignore_errors=True)


# --- profiling ----------------------------------------------------------------------------------


def profile(workload: Workload, top: int = 10) -> dict | None:
    """One publisher build under pyinstrument, through layouts.py (which also counts the layouts).

    Returns the layout report, the top functions by own time, the time by package and the
    publisher functions' inclusive times. pyinstrument's per-call hook inflates call-heavy
    pure-Python code (fontTools' subsetter, for one) by up to 3x; layouts.py's own timings
    and the benchmark's wall times are the figures to quote.
    """
    try:
        from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
        from pyinstrument.session import Session
    except ImportError:
        print("  pyinstrument is not installed: .venv/bin/pip install pyinstrument (not a project dependency)")
        return None
    session_file = WORK / f"profile-{workload.name}.pyisession"
    # A sample every 10 ms: a book's session at pyinstrument's default 1 ms runs to gigabytes.
    command = [PYTHON, "-m", "pyinstrument", "-i", "0.01", "-r", "session", "-o", str(session_file)]
    command += [str(HERE / "layouts.py"), str(workload.source)]
    completed = subprocess.run(command, cwd=REPO, env=ENV, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        print(f"  profiling {workload.name} failed:\n{completed.stderr[-2000:]}")
        return None
    session = Session.load(str(session_file))
    text = WORK / f"profile-{workload.name}.txt"
    html = WORK / f"profile-{workload.name}.html"
    text.write_text(ConsoleRenderer(unicode=True, color=False, show_all=False).render(session), encoding="utf-8")
    html.write_text(HTMLRenderer().render(session), encoding="utf-8")
    session_file.unlink()

    own: dict[str, float] = {}
    packages: dict[str, float] = {}
    inclusive: dict[str, float] = {}

    def path(frame) -> str:
        short = frame.file_path_short or frame.file_path or "?"
        while short.startswith("../"):  # relative to benchmarks/, where layouts.py runs
            short = short[3:]
        return short

    def name(frame) -> str:
        return f"{frame.function} ({path(frame)}:{frame.line_no})"

    def package(frame) -> str:
        # A C function's time belongs to the library that called it.
        while frame is not None and path(frame).startswith("<"):
            frame = frame.parent
        return path(frame).split("/")[0].removesuffix(".py") if frame is not None else "?"

    def walk(frame, active: frozenset[str]) -> None:
        if frame.function == "[self]":  # pyinstrument's record of time spent in the parent itself
            key = name(frame.parent)
            own[key] = own.get(key, 0.0) + frame.time
            owner = package(frame.parent)
            packages[owner] = packages.get(owner, 0.0) + frame.time
            return
        key = name(frame)
        if key not in active:  # recursion counts once
            inclusive[key] = inclusive.get(key, 0.0) + frame.time
        for child in frame.children:
            walk(child, active | {key})

    root = session.root_frame()
    walk(root, frozenset())
    total = root.time
    phases = {
        key: seconds
        for key, seconds in inclusive.items()
        if "publisher/" in key and seconds < 0.95 * total and not key.startswith("<")
    }
    result = {
        "total_s": total,
        "layouts": completed.stdout.strip().splitlines(),
        "own": sorted(own.items(), key=lambda item: -item[1])[:top],
        "packages": sorted(packages.items(), key=lambda item: -item[1]),
        "publisher_functions": sorted(phases.items(), key=lambda item: -item[1])[: top + 2],
        "report": str(text.relative_to(REPO)),
        "html": str(html.relative_to(REPO)),
    }
    print(f"\nProfile of one publisher build of {workload.name}: {total:.1f} s under pyinstrument ({result['report']})")
    print("\n  WeasyPrint layouts (times include the profiler's overhead):")
    for line in result["layouts"]:
        print(f"    {line}")
    print(f"\n  {'own time':>9}  top functions")
    for key, seconds in result["own"]:
        print(f"  {seconds:8.2f}s  {key}")
    print(f"\n  {'own time':>9}  by package")
    for key, seconds in result["packages"][:8]:
        print(f"  {seconds:8.2f}s  {key} ({seconds / total:.0%})")
    print(f"\n  {'inclusive':>9}  publisher functions")
    for key, seconds in result["publisher_functions"]:
        print(f"  {seconds:8.2f}s  {key} ({seconds / total:.0%})")
    return result


# --- reporting ----------------------------------------------------------------------------------


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def summary(workload: Workload) -> dict:
    p_time, b_time = workload.median("publisher", "wall_s"), workload.median("baseline", "wall_s")
    p_mem, b_mem = workload.median("publisher", "peak_mib"), workload.median("baseline", "peak_mib")
    noop = workload.median("noop", "wall_s")
    return {
        "source": _shown(workload.source),
        "words": workload.words,
        "runs": len(workload.runs),
        "pages": workload.pages,
        "publisher_s": p_time,
        "baseline_s": b_time,
        "time_ratio": ratio(p_time, b_time),
        "publisher_cpu_s": median_cpu(workload, "publisher"),
        "baseline_cpu_s": median_cpu(workload, "baseline"),
        "publisher_peak_mib": p_mem,
        "baseline_peak_mib": b_mem,
        "memory_ratio": ratio(p_mem, b_mem),
        "noop_s": noop,
        "noop_peak_mib": workload.median("noop", "peak_mib"),
        "noop_ratio_to_baseline": ratio(noop, b_time),
        # Runs whose second build left the outputs untouched (a change to publisher's own code
        # between the two builds, by someone editing it meanwhile, makes a real rebuild).
        "noop_skipped": sum(run["noop"]["skipped"] for run in workload.runs if "noop" in run),
        "noop_runs": sum("noop" in run for run in workload.runs),
        "edit_s": workload.median("edit", "wall_s"),
        "edit_peak_mib": workload.median("edit", "peak_mib"),
        "edit_ratio_to_cold": ratio(workload.median("edit", "wall_s"), p_time),
        "edited": _shown(workload.edited) if workload.edited is not None else None,
        "error": workload.error,
        "measurements": workload.runs,
    }


def median_cpu(workload: Workload, tool: str) -> float | None:
    values = [run[tool]["user_s"] + run[tool]["sys_s"] for run in workload.runs if tool in run]
    return statistics.median(values) if values else None


def print_main_table(results: dict[str, dict]) -> None:
    print("\nWall time and peak memory (medians; publisher = all four outputs, baseline = one PDF + one EPUB)\n")
    header = (
        f"{'workload':<15} {'pages':>9} {'runs':>4} {'publisher':>10} {'baseline':>9} {'ratio':>6}"
        f" {'pub MiB':>8} {'base MiB':>8} {'ratio':>6}  {'pub CPU':>8} {'base CPU':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        if r["error"]:
            print(f"{name:<15} failed: {r['error'].splitlines()[0]}")
            continue
        pages = r["pages"]
        shown = f"{fmt(pages.get('publisher_screen'), 'd')}/{fmt(pages.get('baseline'), 'd')}"
        print(
            f"{name:<15} {shown:>9} {r['runs']:>4} {fmt(r['publisher_s'], '.2f'):>9}s {fmt(r['baseline_s'], '.2f'):>8}s"
            f" {fmt(r['time_ratio'], '.1f'):>5}x {fmt(r['publisher_peak_mib'], '.0f'):>8}"
            f" {fmt(r['baseline_peak_mib'], '.0f'):>8} {fmt(r['memory_ratio'], '.1f'):>5}x"
            f"  {fmt(r['publisher_cpu_s'], '.2f'):>7}s {fmt(r['baseline_cpu_s'], '.2f'):>7}s"
        )
    print("(pages: publisher screen PDF / baseline PDF; CPU: user + system time, less sensitive to a busy machine)")
    noops = {name: r for name, r in results.items() if r.get("noop_s") is not None}
    if noops:
        print("\nNo-op rebuild (a second `publisher build` without --force, nothing changed)\n")
        print(f"{'workload':<15} {'no-op':>8} {'/ baseline':>10} {'peak MiB':>9} {'skipped':>8}")
        for name, r in noops.items():
            skipped = f"{r['noop_skipped']}/{r['noop_runs']}"
            print(
                f"{name:<15} {r['noop_s']:>7.2f}s {fmt(r['noop_ratio_to_baseline'], '.2f'):>9}x"
                f" {fmt(r['noop_peak_mib'], '.0f'):>9} {skipped:>8}"
            )
        print(
            "(skipped: measured runs whose outputs were left untouched, of all runs; a run is not measured when"
            " publisher's code changed during its build; the no-op time is the median of the measured runs)"
        )
    else:
        print("\nNo-op rebuild: not measured (`publisher build --help` has no --force yet).")
    edits = {name: r for name, r in results.items() if r.get("edit_s") is not None}
    if edits:
        print("\nEdit rebuild (`publisher build` after a one-word edit in the middle chapter, with the layout cache)\n")
        print(f"{'workload':<15} {'edit':>8} {'cold':>8} {'/ cold':>7} {'peak MiB':>9}  edited")
        for name, r in edits.items():
            print(
                f"{name:<15} {r['edit_s']:>7.2f}s {fmt(r['publisher_s'], '.2f'):>7}s"
                f" {fmt(r['edit_ratio_to_cold'], '.2f'):>6}x {fmt(r['edit_peak_mib'], '.0f'):>9}  {r['edited']}"
            )


def scaling_summary(points: list[tuple[str, dict]]) -> dict:
    rows = []
    for label, r in points:
        pages = r["pages"].get("publisher_screen")
        base_pages = r["pages"].get("baseline")
        rows.append(
            {
                "size": label,
                "pages": pages,
                "words": r["words"],
                "publisher_s": r["publisher_s"],
                "publisher_s_per_page": ratio(r["publisher_s"], pages),
                "baseline_pages": base_pages,
                "baseline_s": r["baseline_s"],
                "baseline_s_per_page": ratio(r["baseline_s"], base_pages),
            }
        )
    fits = {}
    for tool, pages_key in (("publisher", "pages"), ("baseline", "baseline_pages")):
        xs = [row[pages_key] for row in rows if row[pages_key] and row[f"{tool}_s"] is not None]
        ys = [row[f"{tool}_s"] for row in rows if row[pages_key] and row[f"{tool}_s"] is not None]
        if len(xs) >= 2 and len(set(xs)) >= 2:
            slope, intercept = statistics.linear_regression(xs, ys)
            r2 = statistics.correlation(xs, ys) ** 2 if len(xs) >= 3 else None
            fits[tool] = {"s_per_page": slope, "fixed_s": intercept, "r2": r2}
    return {"rows": rows, "fit": fits}


def print_scaling(scaling: dict, how: str) -> None:
    print(f"\nScaling, {how} (generated book at multiples of a base size; medians)\n")
    header = (
        f"{'size':<5} {'pages':>6} {'publisher':>10} {'s/page':>7} {'marginal':>9}"
        f" {'b.pages':>7} {'baseline':>9} {'s/page':>7}"
    )
    print(header)
    print("-" * len(header))
    previous = None
    for row in scaling["rows"]:
        marginal = None
        if previous and row["pages"] and previous["pages"] and row["pages"] != previous["pages"]:
            marginal = (row["publisher_s"] - previous["publisher_s"]) / (row["pages"] - previous["pages"])
        print(
            f"{row['size']:<5} {fmt(row['pages'], 'd'):>6} {fmt(row['publisher_s'], '.2f'):>9}s"
            f" {fmt(row['publisher_s_per_page'], '.3f'):>7} {fmt(marginal, '.3f'):>9}"
            f" {fmt(row['baseline_pages'], 'd'):>7} {fmt(row['baseline_s'], '.2f'):>8}s"
            f" {fmt(row['baseline_s_per_page'], '.3f'):>7}"
        )
        previous = row
    for tool, fit in scaling["fit"].items():
        r2 = f", R² {fit['r2']:.4f}" if fit["r2"] is not None else ""
        print(f"linear fit, {tool}: time = {fit['fixed_s']:.2f} s + {fit['s_per_page']:.3f} s/page{r2}")
    print("(marginal: extra publisher seconds per extra page from the previous size)")


# --- main ---------------------------------------------------------------------------------------

WORKLOADS = ("pamphlet", "book", "scaling", "long-parts", "single-800", "long-paragraphs", "scaling-length")
LONG_PARTS = (1, 2, 4, 12)


def generated_sources(
    selected: list[str], book_pages: float, factors: tuple[int, ...], quick: bool
) -> list[tuple[str, float, dict]]:
    """(name, pages, make_book.generate options) of every generated source the selected workloads need."""
    wanted: dict[str, tuple[float, dict]] = {}
    base_pages = book_pages / factors[-1]
    if "scaling" in selected:
        wanted |= {f"{factor}x": (base_pages * factor, {}) for factor in factors[:-1]}
    if "book" in selected or "scaling" in selected:
        wanted["book"] = (book_pages, {})  # also the largest point of "scaling"
    if "scaling-length" in selected:
        wanted |= {f"{factor}x-length": (base_pages * factor, {"long_parts": 1}) for factor in factors[:-1]}
    if "long-parts" in selected or "scaling-length" in selected:
        wanted["parts-1"] = (book_pages, {"long_parts": 1})  # also the largest point of "scaling-length"
    if "long-parts" in selected:
        wanted |= {f"parts-{count}": (book_pages, {"long_parts": count}) for count in LONG_PARTS[1:]}
    if "single-800" in selected:
        wanted["single-800"] = (160 if quick else 800, {"long_parts": 1})
    if "long-paragraphs" in selected:
        wanted["long-paragraphs"] = (book_pages / 5, {"long_paragraphs": True})
    return [(name, pages, options) for name, (pages, options) in wanted.items()]


def _scaling_point(name: str) -> bool:
    return name.endswith(("x", "x-length")) and name[0].isdigit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per workload, median reported (default 3)")
    parser.add_argument(
        "--workloads",
        default="pamphlet,book,scaling",
        help=f"comma-separated, of: {', '.join(WORKLOADS)}, all (default: pamphlet,book,scaling)",
    )
    parser.add_argument("--quick", action="store_true", help="1 run, a 60-page book, scaling 1x/2x/4x of 15 pages")
    parser.add_argument("--book-pages", type=float, help="target pages of the generated book (default 300)")
    parser.add_argument(
        "--budget",
        type=float,
        default=300,
        help="stop repeating a workload once it would pass this many seconds (default 300; 0: always --runs)",
    )
    parser.add_argument("--profile", action="store_true", help="profile one publisher build of pamphlet and book")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false", help="skip the unmeasured first build")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the results")
    args = parser.parse_args()

    runs = 1 if args.quick else args.runs
    book_pages = args.book_pages or (60 if args.quick else 300)
    factors = (1, 2, 4) if args.quick else (1, 4, 16)
    selected = [name.strip() for name in args.workloads.split(",") if name.strip()]
    if "all" in selected:
        selected = list(WORKLOADS)
    unknown = set(selected) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workload(s): {', '.join(sorted(unknown))}")

    WORK.mkdir(exist_ok=True)
    features = publisher_features()
    print(f"publisher: --force {'yes' if features['force'] else 'no (not yet implemented; omitted)'}")

    workloads: dict[str, Workload] = {}
    if "pamphlet" in selected:
        # A copy, which the edit rebuilds change.
        shutil.rmtree(WORK / "src" / "pamphlet", ignore_errors=True)
        pamphlet = shutil.copytree(REPO / "manuscript", WORK / "src" / "pamphlet")
        workloads["pamphlet"] = Workload("pamphlet", pamphlet, edited=middle_part(pamphlet))
    for name, pages, options in generated_sources(selected, book_pages, factors, args.quick):
        source = make_book.generate(WORK / "src" / name, pages, **options)
        workloads[name] = Workload(name, source, words=make_book.word_count(source))
        if name == "book":
            workloads[name].edited = middle_part(source)
        print(f"generated {name}: {workloads[name].words} words for ~{pages:.0f} pages in {source.relative_to(REPO)}")
    if "pamphlet" in workloads:
        workloads["pamphlet"].words = make_book.word_count(workloads["pamphlet"].source)

    commit = _commit()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} on {os.cpu_count()} CPUs")
    if load[0] > 0.5:
        print("  (other processes are busy: wall times will be longer than on an idle machine; CPU times less so)")
    started = time.perf_counter()
    if args.warm_up:
        print("warm-up (unmeasured): baseline and publisher on the pamphlet")
        warm_up(REPO / "manuscript", features)
    for workload in workloads.values():
        try:
            run_workload(workload, runs, args.budget, features)
        except RuntimeError as error:
            workload.error = str(error)
            print(f"\n  {workload.name}: FAILED\n{error}")

    results = {name: summary(w) for name, w in workloads.items()}
    # The scaling points alone are shown in the scaling tables, unless selected for themselves.
    table = {name: r for name, r in results.items() if name in selected or not _scaling_point(name)}
    print_main_table(table)
    scaling = {}
    for kind, largest, suffix in (("scaling", "book", "x"), ("scaling-length", "parts-1", "x-length")):
        if kind in selected:
            labels = [(f"{factor}x", largest if factor == factors[-1] else f"{factor}{suffix}") for factor in factors]
            points = [(label, results[name]) for label, name in labels if not results[name]["error"]]
            scaling[kind] = scaling_summary(points)
            print_scaling(scaling[kind], "more chapters" if kind == "scaling" else "one chapter, longer")
    measured = time.perf_counter() - started

    profiles = {}
    if args.profile:
        for name in ("pamphlet", "book"):
            if name in workloads and not workloads[name].error:
                profiles[name] = profile(workloads[name])

    report = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join([Path(PYTHON).name, *sys.argv]),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "versions": {lib: _version(lib) for lib in ("weasyprint", "markdown", "ebooklib", "pypdf", "publisher")},
        # The code measured: at the start and, if someone committed or edited meanwhile, at the end.
        "commit": commit if _commit() == commit else f"{commit} .. {_commit()}",
        "publisher_features": features,
        "load_average": {"before": load, "after": os.getloadavg()},
        "runs": runs,
        "budget_s": args.budget,
        "workloads": results,
        "scaling": scaling,
        "profiles": profiles,
        "benchmark_s": measured,
    }
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nmeasured in {measured / 60:.1f} min; results in {_shown(args.json)}")
    return 1 if any(w.error for w in workloads.values()) else 0


def _version(library: str) -> str | None:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=REPO, check=True)
        # --no-optional-locks: a read-only look, without refreshing the index.
        dirty = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--", "publisher", "styles"],
            capture_output=True, text=True, cwd=REPO, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.resolve().is_relative_to(REPO) else str(path)


if __name__ == "__main__":
    sys.exit(main())
