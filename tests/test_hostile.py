"""Issue 6: broken or hostile input ends in one clear line, leaks nothing and loses nothing."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from validate import epubcheck_problems

from publisher.names import LOCK_FILE

CONFIG = 'title = "Heft"\ndate = 2024-05-01\n'
PART = '[[parts]]\nfile = "text.md"\n'
SECRET = "GEHEIMNIS-4711"


def publication(root: Path, text: str | bytes = "# Titel\n\nText.\n", config: str = CONFIG + PART) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "publication.toml").write_text(config, encoding="utf-8")
    if isinstance(text, bytes):
        (root / "text.md").write_bytes(text)
    else:
        (root / "text.md").write_text(text, encoding="utf-8")
    return root


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *map(str, args)], capture_output=True, text=True, check=False, timeout=300
    )


def assert_refused(result: subprocess.CompletedProcess[str], output: Path, *fragments: str) -> None:
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert message.startswith("error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in message, message
    assert not output.exists() or not [p for p in output.iterdir() if p.suffix in (".pdf", ".epub")]


@pytest.mark.parametrize(
    ("config", "text", "fragments"),
    [
        ('title = "Heft\ndate = 2024-05-01\n' + PART, "# T\n", ["publication.toml:1", "malformed TOML"]),
        ("date = 2024-05-01\n" + PART, "# T\n", ["publication.toml", "missing required key 'title'"]),
        (CONFIG + '[[parts]]\nfile = "fehlt.md"\n', "# T\n", ["publication.toml", "fehlt.md", "not found"]),
        (CONFIG + PART + 'role = "appendix"\n', "# T\n", ["publication.toml", "unknown role 'appendix'"]),
        (CONFIG, "# T\n", ["publication.toml", "no [[parts]]"]),
        (CONFIG + PART, "# T\n\nZeile\n\nUmlaut: \xfc kaputt\n".encode("latin-1"), ["text.md:5", "not UTF-8"]),
        (CONFIG + PART, "# T\n\nEin Satz[^fehlt].\n", ["text.md:3", "footnote [^fehlt] is not defined"]),
        (CONFIG + PART, "# T\n\nA[^a].\n\n[^a]: eins\n\n[^a]: zwei\n", ["text.md:7", "defined twice"]),
    ],
    ids=[
        "malformed-toml",
        "no-title",
        "missing-part",
        "unknown-role",
        "no-parts",
        "not-utf8",
        "undefined-note",
        "duplicate-note",
    ],
)
def test_broken_input_is_refused_in_one_line(
    tmp_path: Path, config: str, text: str | bytes, fragments: list[str]
) -> None:
    source = publication(tmp_path / "heft", text, config)
    output = tmp_path / "out"
    assert_refused(run("build", source, "-o", output), output, *fragments)


def test_awkward_but_valid_input_gives_a_valid_epub(tmp_path: Path) -> None:
    source = tmp_path / "heft"
    config = CONFIG + "".join(f'[[parts]]\nfile = "{name}.md"\n' for name in ("crlf", "steuer", "leer", "lang"))
    publication(source, config=config)
    (source / "crlf.md").write_bytes("\ufeff# Windows\r\n\r\nZeile eins\r\nund zwei.\r\n".encode())
    (source / "steuer.md").write_text("# Steuer\n\nA\x00B\x07C\x1bD und \x7f weiter.\n", encoding="utf-8")
    (source / "leer.md").write_text("", encoding="utf-8")
    sentence = "Ein Satz über Arbeiter*innen mit „Anführungszeichen“ und z.B. 40 % Inhalt. "
    (source / "lang.md").write_text("# Lang\n\n" + sentence * (300_000 // len(sentence)) + "\n", encoding="utf-8")
    result = run("build", source, "-o", tmp_path / "out", "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert "removed 4 control character(s)" in result.stderr
    epub = tmp_path / "out" / "heft.epub"
    assert epubcheck_problems(epub, tmp_path) == []
    with zipfile.ZipFile(epub) as book:
        crlf = book.read("EPUB/crlf.xhtml").decode()
        steuer = book.read("EPUB/steuer.xhtml").decode()
        lang = book.read("EPUB/lang.xhtml").decode()
    assert "Zeile eins\nund zwei." in crlf and "\r" not in crlf and "\ufeff" not in crlf
    assert "ABCD und  weiter." in steuer
    assert len(lang) > 300_000


def test_raw_html_that_runs_or_loads_never_reaches_an_output(tmp_path: Path) -> None:
    text = (
        "# Titel\n\n<script>alert('x')</script>\n\n<iframe src=\"https://example.org\"></iframe>\n\n"
        '<object data="x.swf"></object>\n\n<embed src="x.swf">\n\n<style>body { color: red }</style>\n\n'
        '<link rel="stylesheet" href="https://example.org/x.css">\n\n'
        'Ein <span onclick="alert(1)" onmouseover="alert(2)">Text</span> bleibt.\n'
    )
    source = publication(tmp_path / "heft", text)
    result = run("build", source, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for element in ("script", "iframe", "object", "embed", "style", "link"):
        assert f"removed raw <{element}> element" in result.stderr
    assert "removed event-handler attribute onclick" in result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "heft.epub") as book:
        xhtml = book.read("EPUB/text.xhtml").decode()
    for marker in ("<script", "<iframe", "<object", "<embed", "onclick", "onmouseover", "color: red", "x.css"):
        assert marker not in xhtml
    assert "Text</span> bleibt." in xhtml
    import pypdf

    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "out" / "heft.pdf").pages)
    assert "alert" not in pdf_text and "Text bleibt." in pdf_text


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()


@pytest.mark.parametrize(
    "reference",
    [
        "![Bild]({url}/bild.png)",
        "![Bild]({secret})",
        "![Bild](../geheim.txt)",
        "![Bild](file://{secret})",
        '<a rel="attachment" href="{secret}">Anhang</a>',
        '<a rel="attachment" href="{url}/x">Anhang</a>',
        '<img src="{url}/bild.png" alt="Bild">',
    ],
)
def test_nothing_outside_the_publication_is_read_or_fetched(
    tmp_path: Path, server: tuple[str, list[str]], reference: str
) -> None:
    url, requests = server
    secret = tmp_path / "geheim.txt"
    secret.write_text(SECRET, encoding="utf-8")
    source = publication(tmp_path / "heft", f"# Titel\n\nText {reference.format(url=url, secret=secret)} hier.\n")
    output = tmp_path / "out"
    result = run("build", source, "-o", output)
    assert_refused(result, output, "text.md:3")
    assert requests == []


@pytest.mark.parametrize("reference", ["[Datei](file://{secret})", "[Datei]({secret})", "[Datei](../geheim.txt)"])
def test_a_link_to_a_file_outside_is_dropped_and_its_file_never_read(tmp_path: Path, reference: str) -> None:
    """A hyperlink is never followed; one that no reader could follow either is dropped, its text kept."""
    secret = tmp_path / "geheim.txt"
    secret.write_text(SECRET, encoding="utf-8")
    source = publication(tmp_path / "heft", f"# Titel\n\nText {reference.format(secret=secret)} hier.\n")
    output = tmp_path / "out"
    result = run("build", source, "-o", output, "--format", "pdf", "epub")
    assert result.returncode == 0, result.stderr
    assert "text.md:3: link" in result.stderr and "the link dropped" in result.stderr
    with zipfile.ZipFile(output / "heft.epub") as book:
        text = book.read("EPUB/text.xhtml").decode()
    assert "Text Datei hier." in text and "geheim" not in text
    for path in output.iterdir():
        assert SECRET.encode() not in path.read_bytes()


def test_the_url_fetcher_refuses_what_slips_past(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    """Even a resource the reader did not see (here: a stylesheet's url()) is refused by the fetcher."""
    from publisher.layout.weasy.fetcher import ConfinedFetcher, RefusedURLError

    url, requests = server
    secret = tmp_path / "geheim.txt"
    secret.write_text(SECRET, encoding="utf-8")
    fetcher = ConfinedFetcher([tmp_path / "heft"])
    for target in (f"{url}/x.png", secret.as_uri(), (tmp_path / "heft" / ".." / "geheim.txt").as_uri()):
        with pytest.raises(RefusedURLError):
            fetcher.fetch(target)
    assert requests == []


def test_a_planted_file_never_appears_in_an_output(tmp_path: Path) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text(SECRET, encoding="utf-8")
    source = publication(tmp_path / "heft", "# Titel\n\nEin Text, der nichts einbindet.\n")
    result = run("build", source, "-o", tmp_path / "out")
    assert result.returncode == 0
    for output in (tmp_path / "out").iterdir():
        data = output.read_bytes()
        if output.suffix == ".epub":
            with zipfile.ZipFile(output) as book:
                data = b"".join(book.read(name) for name in book.namelist())
        assert SECRET.encode() not in data


def test_a_failed_build_leaves_the_previous_outputs_untouched(tmp_path: Path) -> None:
    source = publication(tmp_path / "heft", "# Titel\n\nErste Fassung.\n")
    output = tmp_path / "out"
    assert run("build", source, "-o", output, "--format", "epub", "pdf").returncode == 0
    # The lock names the process that last held it; the outputs, the no-op state and the layout cache stay.
    before = {path.name: path.read_bytes() for path in output.iterdir() if path.name != LOCK_FILE}
    (source / "text.md").write_text("# Titel\n\nZweite Fassung[^fehlt].\n", encoding="utf-8")
    assert run("build", source, "-o", output, "--format", "epub", "pdf").returncode == 1
    (source / "text.md").write_text("# Titel\n\nDritte Fassung mit \u2e3a.\n", encoding="utf-8")
    assert run("build", source, "-o", output, "--format", "epub", "pdf").returncode == 1  # fails in the PDF writer
    assert {path.name: path.read_bytes() for path in output.iterdir() if path.name != LOCK_FILE} == before
    assert not [p for p in output.iterdir() if p.name.endswith(".part")]


def test_no_op_build_and_force(tmp_path: Path) -> None:
    source = publication(tmp_path / "heft")
    output = tmp_path / "out"
    first = run("build", source, "-o", output, "--format", "epub")
    assert "wrote" in first.stderr
    again = run("build", source, "-o", output, "--format", "epub")
    assert again.returncode == 0 and "up to date" in again.stderr and "wrote" not in again.stderr
    forced = run("build", source, "-o", output, "--format", "epub", "--force")
    assert "wrote" in forced.stderr
    (source / "text.md").write_text("# Titel\n\nGeändert.\n", encoding="utf-8")
    changed = run("build", source, "-o", output, "--format", "epub")
    assert "wrote" in changed.stderr


def test_a_changed_image_is_not_up_to_date(tmp_path: Path) -> None:
    from PIL import Image

    source = publication(tmp_path / "heft", "# Titel\n\nText.\n\n![Ein Bild](bild.png)\n")
    Image.new("RGB", (300, 200), "red").save(source / "bild.png")
    output = source / "ausgabe"  # inside the publication: its own files are no input
    assert "wrote" in run("build", source, "-o", output, "--format", "epub").stderr
    assert "up to date" in run("build", source, "-o", output, "--format", "epub").stderr
    Image.new("RGB", (300, 200), "blue").save(source / "bild.png")
    assert "wrote" in run("build", source, "-o", output, "--format", "epub").stderr
    (source / ".bild.png.swp").write_bytes(b"an editor's")  # hidden files are no input either
    assert "up to date" in run("build", source, "-o", output, "--format", "epub").stderr
    assert "wrote" in run("build", source, "-o", source, "--format", "epub").stderr  # into the folder itself
    assert "up to date" in run("build", source, "-o", source, "--format", "epub").stderr


def test_help_lists_options_and_unknown_options_are_errors() -> None:
    top = run("--help")
    assert top.returncode == 0 and all(command in top.stdout for command in ("build", "check", "watch", "init"))
    for command, option in (("build", "--force"), ("check", "--release"), ("watch", "--format"), ("init", "--title")):
        result = run(command, "--help")
        assert result.returncode == 0 and option in result.stdout
    unknown = run("build", "--no-such-option")
    assert unknown.returncode == 2 and "unrecognized arguments: --no-such-option" in unknown.stderr


def test_check_reports_and_release_is_strict(tmp_path: Path) -> None:
    source = publication(
        tmp_path / "heft", "# Titel\n\nText[^a] mit <script>x</script>.\n\n[^a]: Note.\n\n[^b]: Unbenutzt.\n"
    )
    lenient = run("check", source, "--format", "json")
    report = json.loads(lenient.stdout)
    assert lenient.returncode == 0 and report["errors"] == 0
    messages = " ".join(f["message"] for f in report["findings"])
    assert "[^b] is defined but never called" in messages and "removed raw <script>" in messages
    assert "V.i.S.d.P." in messages
    strict = run("check", source, "--release")
    assert strict.returncode == 1 and "V.i.S.d.P." in strict.stdout
    broken = publication(tmp_path / "kaputt", "# T\n\nA[^x].\n")
    result = run("check", broken)
    assert result.returncode == 1 and "footnote [^x] is not defined" in result.stdout
