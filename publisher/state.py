"""No-op builds: skip an output when nothing that goes into it has changed.

The fingerprint covers everything a build reads: publication.toml, the part
files and cover image it names, every other file in the publication folder (the
images its parts show; by name, size and modification time, the output folder and
hidden files left out), every file under styles/, the tool's own code
and the versions of the libraries that lay out and package the outputs, and
SOURCE_DATE_EPOCH (the tool's part, :func:`tool_digest`, also keys the layout
cache). It is computed with the standard library only, so that a no-op build
never imports WeasyPrint, Markdown or lxml.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from importlib import metadata
from pathlib import Path

from .atomic import write_atomically
from .files import visible_files
from .names import CONFIG_NAME, PACKAGE_DIR, STATE_FILE, STYLES_DIR, slugify

LIBRARIES = ("weasyprint", "ebooklib", "markdown", "pyphen", "pypdf", "pypdfium2", "fonttools", "lxml")
# And those WeasyPrint lays out and draws with.
LIBRARIES += ("pydyf", "tinycss2", "cssselect2", "tinyhtml5", "pillow")
SUFFIXES = {  # output format → file name suffix after the slug (as in build.FORMATS)
    "pdf": ".pdf",
    "print": "-print.pdf",
    "booklet": "-booklet.pdf",
    "epub": ".epub",
}


def fingerprint(source: Path, output_dir: Path | None = None, tool: str | None = None) -> str | None:
    """A digest of every input of a build of ``source`` into ``output_dir``, or None when it cannot be read cheaply.

    ``tool`` is :func:`tool_digest`'s, where the caller has it already. None sends the caller
    to a real build, which then reports the problem properly.
    """
    digest = hashlib.sha256()
    try:
        config_path = source / CONFIG_NAME
        config_bytes = config_path.read_bytes()
        config = tomllib.loads(config_bytes.decode("utf-8-sig"))
        digest.update(b"config\0" + config_bytes)
        inputs = [entry["file"] for entry in config.get("parts", []) if isinstance(entry, dict) and "file" in entry]
        if isinstance(config.get("cover_image"), str):
            inputs.append(config["cover_image"])
        for name in inputs:
            digest.update(f"\0input\0{name}\0".encode() + (source / name).read_bytes())
        # Anything else a part may show (an image, a figure's SVG): a changed file changes its stat.
        skipped = {(source / name).resolve() for name in [CONFIG_NAME, *inputs]}
        outputs = output_dir.resolve() if output_dir is not None else None
        for path in _other_files(source.resolve(), outputs):
            if path not in skipped:
                stat = path.stat()
                relative = path.relative_to(source.resolve()).as_posix()
                digest.update(f"\0file\0{relative}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError):
        return None
    digest.update(f"\0tool\0{tool if tool is not None else tool_digest()}".encode())
    digest.update(f"\0epoch\0{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    return digest.hexdigest()


def tool_digest() -> str:
    """A digest of the tool itself: its code, every file under styles/ and the libraries' versions."""
    digest = hashlib.sha256()
    for folder, label in ((STYLES_DIR, "style"), (PACKAGE_DIR, "code")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"\0{label}\0{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes())
    for library in LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0lib\0{library}={version}".encode())
    return digest.hexdigest()


# What a build writes (built into the publication folder, these are left out of its inputs).
OUTPUT_SUFFIXES = frozenset({".pdf", ".epub"})
# A folder of the publication with more files than this is not walked for the fingerprint: no no-op then.
MAX_FILES = 10_000


def _other_files(root: Path, outputs: Path | None) -> list[Path]:
    """The files below ``root`` but hidden ones and the outputs, in a stable order.

    OSError when there are more than :data:`MAX_FILES` (a home folder given as the source):
    the caller then builds instead of walking it.
    """

    def output(entry: Path) -> bool:
        # Built into the publication folder itself, the outputs are no inputs.
        built_here = root == outputs and entry.parent == root and entry.suffix.lower() in OUTPUT_SUFFIXES
        return entry == outputs or built_here

    return visible_files(root, output, MAX_FILES)


def output_names(source: Path, formats: list[str]) -> list[str] | None:
    """The file names a build of ``formats`` writes, read from publication.toml without the model."""
    try:
        config = tomllib.loads((source / CONFIG_NAME).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    slug = config.get("slug") or (slugify(config["title"]) if isinstance(config.get("title"), str) else None)
    if not isinstance(slug, str) or not slug:
        return None
    return [f"{slug}{SUFFIXES[name]}" for name in formats]


def _load(output_dir: Path) -> dict[str, dict[str, object]]:
    try:
        state = json.loads((output_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def up_to_date(source: Path, output_dir: Path, formats: list[str]) -> list[Path] | None:
    """The outputs, if every one exists unchanged since a build from the same inputs; else None."""
    names = output_names(source, formats)
    current = fingerprint(source, output_dir)
    if names is None or current is None:
        return None
    state = _load(output_dir)
    paths = []
    for name in names:
        path = output_dir / name
        entry = state.get(name)
        if not isinstance(entry, dict) or entry.get("inputs") != current or not path.is_file():
            return None
        stat = path.stat()
        # An output edited or replaced by hand is rebuilt.
        if entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns:
            return None
        paths.append(path)
    return paths


def record(output_dir: Path, outputs: list[Path], inputs: str | None) -> None:
    """Remember that ``outputs`` were made from the inputs with fingerprint ``inputs``.

    The fingerprint is taken before the build, so that a file saved while the
    build ran makes the next build a real one.
    """
    if inputs is None:
        return
    state = _load(output_dir)
    for path in outputs:
        stat = path.stat()
        state[path.name] = {"inputs": inputs, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    write_atomically(output_dir / STATE_FILE, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))
