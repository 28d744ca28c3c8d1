"""The author's workflow around a build: ``publisher init`` (scaffold) and ``publisher watch``."""

from __future__ import annotations

import datetime
import itertools
import logging
import re
import threading
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pytest
from extract import OPS, XHTML, epub_text
from lxml import etree

from publisher.build import FORMATS, build
from publisher.config import load_config
from publisher.errors import PublicationError
from publisher.scaffold import scaffold
from publisher.watch import watch, watched_files

README = Path(__file__).resolve().parent.parent / "README.md"


# --- scaffold ---------------------------------------------------------------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path], list[str]]:
    """A scaffolded publication, its outputs by format name, and the warnings its build logged."""
    source = tmp_path_factory.mktemp("new") / "mein-flugblatt"
    scaffold(source, title="Mein Flugblatt")
    # Our own handler: the CLI (if a test ran it) may have switched off propagation to caplog.
    logger = logging.getLogger("publisher")
    handler, level = _Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        paths = build(source, tmp_path_factory.mktemp("out"), FORMATS)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return source, dict(zip(FORMATS, paths, strict=True)), handler.messages


def test_scaffold_writes_config_and_two_parts(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "mein-flugblatt"  # parents are created
    written = scaffold(target)
    assert sorted(path.name for path in written) == ["artikel.md", "kasten.md", "publication.toml"]
    assert all(path.parent == target and path.is_file() for path in written)
    data = tomllib.loads((target / "publication.toml").read_text(encoding="utf-8"))
    assert data["title"] == "Mein flugblatt"  # from the folder name
    assert data["date"] == datetime.date.today()
    assert data["language"] == "de"
    assert [(part["file"], part["role"]) for part in data["parts"]] == [
        ("artikel.md", "article"),
        ("kasten.md", "sidebar"),
    ]
    article = (target / "artikel.md").read_text(encoding="utf-8")
    for feature in ("# ", "\n## ", "[^1]", "\n[^1]: ", "Leser*innen", '"'):
        assert feature in article


def test_scaffold_title_round_trips(tmp_path: Path) -> None:
    title = 'Ein "Flugblatt" \\ mit Ümlaut'
    scaffold(tmp_path / "x", title=title, language="de-AT")
    config = load_config(tmp_path / "x")
    assert config.metadata.title == title
    assert config.metadata.language == "de-AT"


def test_scaffold_builds_with_only_the_responsible_warning(
    scaffolded: tuple[Path, dict[str, Path], list[str]],
) -> None:
    _source, outputs, warnings = scaffolded
    assert [path.name for path in outputs.values()] == [
        "mein-flugblatt.pdf",
        "mein-flugblatt-print.pdf",
        "mein-flugblatt-booklet.pdf",
        "mein-flugblatt.epub",
    ]
    assert all(path.stat().st_size > 0 for path in outputs.values())
    assert len(warnings) == 1 and "'responsible'" in warnings[0], warnings


def test_scaffold_epub_has_both_parts_and_the_note(scaffolded: tuple[Path, dict[str, Path], list[str]]) -> None:
    epub = scaffolded[1]["epub"]
    with zipfile.ZipFile(epub) as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
        article = etree.fromstring(book.read("EPUB/artikel.xhtml"))
    toc = next(element for element in nav.iter(f"{XHTML}nav") if element.get(f"{OPS}type") == "toc")
    entries = {"".join(link.itertext()).strip(): link.get("href") for link in toc.iter(f"{XHTML}a")}
    assert entries["Überschrift des Artikels"].startswith("artikel.xhtml")
    assert entries["Ein Kasten"].startswith("kasten.xhtml")
    calls = [a for a in article.iter(f"{XHTML}a") if a.get(f"{OPS}type") == "noteref"]
    notes = [aside for aside in article.iter(f"{XHTML}aside") if aside.get(f"{OPS}type") == "footnote"]
    assert len(calls) == len(notes) == 1
    assert "Der Text der Anmerkung" in "".join(notes[0].itertext())
    text = epub_text(epub)
    assert "Leser*innen" in text
    assert "„geraden Anführungszeichen“" in " ".join(text.split())


def test_scaffold_pdf_text(scaffolded: tuple[Path, dict[str, Path], list[str]]) -> None:
    with pdfplumber.open(scaffolded[1]["pdf"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Leser*innen" in text
    assert "Der Text der Anmerkung" in text
    assert re.search(r"siehe S\. \d", text)  # the pageref to the sidebar


@pytest.mark.parametrize("existing", ["notizen.txt", "publication.toml"])
def test_scaffold_refuses_a_used_folder(tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).write_text("schon da\n", encoding="utf-8")
    with pytest.raises(PublicationError) as raised:
        scaffold(tmp_path)
    message = str(raised.value)
    assert "\n" not in message and str(tmp_path) in message
    assert sorted(path.name for path in tmp_path.iterdir()) == [existing]  # nothing written


def test_scaffold_refuses_a_file_and_a_bad_language(tmp_path: Path) -> None:
    (tmp_path / "datei").write_text("", encoding="utf-8")
    with pytest.raises(PublicationError, match="not a folder"):
        scaffold(tmp_path / "datei")
    with pytest.raises(PublicationError, match="language"):
        scaffold(tmp_path / "neu", language="Deutsch!")
    assert not (tmp_path / "neu").exists()


def documented_keys() -> dict[str, set[str]]:
    """The README's publication.toml keys by table: "" (top level), "parts", "typography", …

    A table's keys are the backticked names in the first cell of its rows. Which
    table the rows belong to is told by the line introducing it ("Each `[[parts]]`
    table:", "`[typography]` options:") or by its header ("| `[epub]` key |").
    """
    keys: dict[str, set[str]] = {}
    table: str | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table = "" if line == "## publication.toml" else None
        elif match := re.match(r"(?:Each |\| )?`\[\[?(\w+)\]\]?` (?:table:|options:|key \|)", line):
            table = match[1]
        elif table is not None and line.startswith("| `"):
            keys.setdefault(table, set()).update(re.findall(r"`\[?(\w+)\]?`", line.split("|")[1]))
    return keys


def test_scaffold_has_every_documented_key(tmp_path: Path) -> None:
    keys = documented_keys()
    # Guards the parser: if the README's layout changes, this fails rather than checking nothing.
    assert {"title", "date", "parts", "responsible", "isbn", "typography", "pdf"} <= keys[""]
    assert {"parts", "typography", "hyphenation", "epub", "pdf"} <= keys.keys()
    assert {"file", "role", "id"} <= keys["parts"]
    assert {"min_word", "exceptions"} <= keys["hyphenation"]

    scaffold(tmp_path)
    text = (tmp_path / "publication.toml").read_text(encoding="utf-8")
    # The file cut into its tables at each real header: "" is the top level.
    sections: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if header := re.fullmatch(r"\[\[?(\w+)\]\]?", line):
            name = header[1]
        sections[name] = sections.get(name, "") + line + "\n"
    for table, names in keys.items():
        for key in names:
            present = re.search(rf"^(# )?{key} = ", sections.get(table, ""), re.MULTILINE)
            is_table = table == "" and key in sections
            assert present or is_table, f"publication.toml lacks {f'[{table}] ' if table else ''}{key}"


def test_scaffold_examples_are_valid_when_uncommented(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Uncommenting an optional key gives a working config, except the two placeholders."""
    scaffold(tmp_path)
    config = tmp_path / "publication.toml"
    # An invalid ISBN on purpose; a cover, a logo and a style sheet that do not exist yet.
    placeholders = ("isbn", "cover_image", "logo", "css")
    text = re.sub(
        r"^# (\w+) = ",
        lambda match: match[0] if match[1] in placeholders else f"{match[1]} = ",
        config.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    config.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="publisher"):
        loaded = load_config(tmp_path)
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert loaded.metadata.responsible and loaded.metadata.authors
    assert [part.id for part in loaded.parts] == ["artikel", "kasten"]
    assert loaded.options.hyphenation.min_word == 5


# --- watch ------------------------------------------------------------------------------------

INTERVAL = 0.05
DEBOUNCE = 0.2


def wait_for(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class Watcher:
    """``watch`` running in a thread, with the rebuilds and errors it reported."""

    def __init__(self, files: list[Path], rebuild: Callable[[], None] | None = None) -> None:
        self.files = files
        self.rebuilds: list[float] = []  # monotonic times of the calls
        self.errors: list[Exception] = []
        self.returned = threading.Event()
        self.stop = threading.Event()
        self._rebuild = rebuild
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        watch(
            lambda: list(self.files),
            self._on_rebuild,
            interval=INTERVAL,
            debounce=DEBOUNCE,
            stop=self.stop,
            on_error=self.errors.append,
        )
        self.returned.set()

    def _on_rebuild(self) -> None:
        self.rebuilds.append(time.monotonic())
        if self._rebuild is not None:
            self._rebuild()


@pytest.fixture
def watching() -> Iterator[Callable[..., Watcher]]:
    started: list[Watcher] = []

    def start(files: list[Path], rebuild: Callable[[], None] | None = None) -> Watcher:
        watcher = Watcher(files, rebuild)
        watcher.thread.start()
        time.sleep(3 * INTERVAL)  # the first snapshot is taken
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop.set()
        watcher.thread.join(2)


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_watch_debounces_a_burst_of_saves(tmp_path: Path, watching: Callable[..., Watcher]) -> None:
    part = tmp_path / "artikel.md"
    touch(part, "# A\n")
    watcher = watching([part])
    time.sleep(2 * DEBOUNCE)
    assert watcher.rebuilds == []  # nothing changed, nothing built

    # Saves closer together than the debounce. A loaded machine can stretch a sleep past the debounce,
    # and then the watcher rightly builds mid-burst: such a burst proves nothing and is saved again.
    for attempt in range(5):
        before = len(watcher.rebuilds)
        saved = []
        for number in range(6):
            touch(part, f"# A\n\n{'x' * number}{attempt}\n")
            saved.append(time.monotonic())
            time.sleep(DEBOUNCE / 4)
        last_save = saved[-1]
        assert wait_for(lambda wanted=before + 1: len(watcher.rebuilds) >= wanted)
        time.sleep(2 * DEBOUNCE)
        if max(later - earlier for earlier, later in itertools.pairwise(saved)) < DEBOUNCE / 2:
            break
    else:
        pytest.fail("the machine never saved six times within the debounce")
    assert len(watcher.rebuilds) == before + 1
    assert watcher.rebuilds[before] >= last_save + DEBOUNCE / 2  # not before the burst was over


def test_watch_reports_errors_and_goes_on(tmp_path: Path, watching: Callable[..., Watcher]) -> None:
    part = tmp_path / "artikel.md"
    touch(part, "eins\n")
    failures = [PublicationError("footnote [^x] is not defined", part, 3)]

    def rebuild() -> None:
        if failures:
            raise failures.pop()

    watcher = watching([part], rebuild)
    touch(part, "zwei, länger\n")
    assert wait_for(lambda: len(watcher.errors) == 1)
    assert str(watcher.errors[0]).endswith("artikel.md:3: footnote [^x] is not defined")
    touch(part, "drei\n")
    assert wait_for(lambda: len(watcher.rebuilds) == 2)
    assert len(watcher.errors) == 1 and watcher.thread.is_alive()


def test_watch_notices_deleted_new_and_newly_listed_files(tmp_path: Path, watching: Callable[..., Watcher]) -> None:
    config, part, later = tmp_path / "publication.toml", tmp_path / "artikel.md", tmp_path / "kasten.md"
    touch(config, "")
    touch(part, "text\n")
    files = [config, part]
    # The rebuild "reads" a config that now lists another part: the list is asked for again.
    watcher = watching(files, lambda: files.append(later) if later not in files else None)
    part.unlink()
    assert wait_for(lambda: len(watcher.rebuilds) == 1)
    time.sleep(2 * DEBOUNCE)
    assert len(watcher.rebuilds) == 1  # a newly listed (missing) file is not itself a change
    touch(later, "neu\n")  # a listed file that did not exist is created
    assert wait_for(lambda: len(watcher.rebuilds) == 2)


def test_watch_rebuilds_after_a_save_during_the_build(tmp_path: Path, watching: Callable[..., Watcher]) -> None:
    part = tmp_path / "artikel.md"
    touch(part, "eins\n")
    saves = ["während des Bauens gespeichert\n"]

    def slow_build() -> None:
        if saves:
            touch(part, saves.pop())  # the author saves again while this build runs

    watcher = watching([part], slow_build)
    touch(part, "zwei\n")
    assert wait_for(lambda: len(watcher.rebuilds) == 2)
    time.sleep(2 * DEBOUNCE)
    assert len(watcher.rebuilds) == 2


def test_watch_stops_promptly(tmp_path: Path, watching: Callable[..., Watcher]) -> None:
    part = tmp_path / "artikel.md"
    touch(part, "text\n")
    watcher = watching([part])
    started = time.monotonic()
    watcher.stop.set()
    watcher.thread.join(2)
    assert watcher.returned.is_set() and time.monotonic() - started < 2


def test_watch_returns_on_keyboard_interrupt(tmp_path: Path, watching: Callable[..., Watcher]) -> None:
    part = tmp_path / "artikel.md"
    touch(part, "text\n")

    def interrupted() -> None:
        raise KeyboardInterrupt

    watcher = watching([part], interrupted)
    touch(part, "anders\n")
    assert watcher.returned.wait(2)  # returned normally, without setting stop
    assert not watcher.stop.is_set() and watcher.errors == []


def test_watched_files(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # watched_files returns resolved paths
    source, styles = tmp_path / "pub", tmp_path / "styles"
    (source / "bilder").mkdir(parents=True)
    (source / ".git").mkdir()
    (styles / "fonts").mkdir(parents=True)
    config = 'cover_image = ".titel.png"\n[[parts]]\nfile = "artikel.md"\n[[parts]]\nfile = "fehlt.md"\n'
    files = {
        source / "publication.toml": config,
        source / "artikel.md": "",
        source / "entwurf.md": "",
        source / "bilder" / "cover.JPG": "",
        source / "notizen.txt": "",
        source / ".artikel.md.swp": "",
        source / ".git" / "HEAD.md": "",
        styles / "pdf.css": "",
        styles / "fonts" / "Libertine.otf": "",
    }
    for path, text in files.items():
        touch(path, text)
    names = {path.relative_to(tmp_path).as_posix() for path in watched_files(source, styles)}
    assert names == {
        "pub/publication.toml",
        "pub/artikel.md",
        "pub/fehlt.md",  # listed but missing: its creation must be noticed
        "pub/.titel.png",  # named in the config, so watched though hidden
        "pub/entwurf.md",
        "pub/bilder/cover.JPG",
        "styles/pdf.css",
        "styles/fonts/Libertine.otf",
    }

    touch(source / "publication.toml", '[[parts]\nfile = "artikel.md"\n')  # malformed
    names = {path.relative_to(tmp_path).as_posix() for path in watched_files(source, styles)}
    assert {"pub/publication.toml", "pub/artikel.md", "pub/entwurf.md"} <= names
    assert "pub/fehlt.md" not in names


def test_the_readme_documents_every_option() -> None:
    """Each field of the typed option tables (publisher/options.py) has its row in the README."""
    import dataclasses
    import typing

    from publisher.options import TABLES, Options

    keys = documented_keys()
    hints = typing.get_type_hints(Options)
    for table in TABLES:
        fields = {field.name for field in dataclasses.fields(hints[table])}
        assert fields <= keys.get(table, set()), f"[{table}]: {fields - keys.get(table, set())} not in the README"
