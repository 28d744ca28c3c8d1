"""Random manuscripts from a seed: every construct real manuscripts bring, mixed, nested and broken.

``write_publication(seed, folder)`` writes a publication (``publication.toml`` and its parts) that is
the same for the same seed on every machine. Most are valid; some carry mistakes an author makes (a
footnote without a definition, a cross-reference to nowhere, a missing image), for which the build must
answer with a clear error naming the file. The characters stay within what the bundled fonts
(Linux Libertine and Biolinum) cover, with a rare exception for which a clear error is the right answer.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

WORDS = [
    "Haus",
    "Arbeit",
    "Straße",
    "Mühle",
    "über",
    "Fluss",
    "Ärger",
    "Öl",
    "Übermut",
    "schnell",
    "langsam",
    "denn",
    "doch",
    "the",
    "garden",
    "it's",
    "rhythm",
    "nymph",
    "crypt",
    "Ölkännchen",
    "Donaudampfschifffahrt",
    "Arbeiter*innen",
    "Autor:innen",
    "Kolleg_innen",
    "z.B.",
    "u.a.",
    "d.h.",
    "S.",
    "12",
    "Nr.",
    "3",
    "40",
    "%",
    "1990-2000",
    "14.",
    "Januar",
    "2022",
    "§",
    "7",
    "e-mail",
    "Nord-Süd-Gefälle",
    "café",
    "naïve",
    "façade",
    "Œuvre",
    "Ærø",
    "smørrebrød",
    "Łódź",
    "Dvořák",
    "İstanbul",
    "ſchön",
]
VOWELLESS = ["Pssst", "Brrr", "Hmm", "Pfft", "Sch", "Grrr", "Tsk", "Psst", "nth", "Mmmh", "Bsss", "Zzzz"]
GREEK = ["λόγος", "Ἀθῆναι", "ψυχή", "Ωμέγα", "φιλοσοφία"]
CYRILLIC = ["слово", "Ёлка", "Москва", "книга", "Щука"]
COMBINING = ["e\u0301te\u0301", "a\u0308rger", "n\u0303andu", "o\u0302te", "u\u0308ber\u0301"]
# Outside the bundled fonts: a clear "no glyph" error is the right answer.
UNCOVERED = ["漢字", "\U0001f600", "\u2e3a", "ᚠᚢᚦ"]
PUNCTUATION = [",", ".", ";", ":", "!", "?", " -", " --", " ---", "...", " - ", "'", '"']
LANGUAGES = ["de", "de", "de", "en", "en", "fr", "de-CH", "de-AT", "en-GB"]
PART_NAMES = [
    "01-aufbruch.md",
    "02.md",
    "03 Der Fluss.md",
    "04-ärger.md",
    "kapitel/05.md",
    "Kapitel 6 – Ende.md",
    "text.md",
    "x.md",
    "ÜBER uns.md",
    "2024-05-01 Bericht.md",
    "a b c.md",
    "Ölzeug.md",
    "_intern.md",
    "v1.2.md",
]
CODE_LANGUAGES = ["python", "sh", "js", "", "toml", "c++", "text"]
HTML_INLINE = [
    '<span class="x">span</span>',
    "<b>bold</b>",
    '<a href="https://example.org" onclick="alert(1)">link</a>',
    "<script>alert('x')</script>",
    '<span id="dup">one</span>',
    '<span style="background: url(https://example.org/x.png)">styled</span>',
    "<br>",
    "&amp; &lt; &gt; &nbsp; &#8212;",
    "<kbd>Ctrl</kbd>",
    "<sup>2</sup>",
    "<!-- a comment -->",
]
REMOTE_HTML = ['<img src="https://example.org/x.png">']  # refused: nothing is fetched
HTML_BLOCKS = [
    "<div>\nA div with *markdown* inside.\n</div>",
    "<script>\nconsole.log('x')\n</script>",
    '<iframe src="https://example.org"></iframe>',
    '<div id="dup">a block with a duplicate id</div>',
    "<table><tr><td>raw</td><td>table</td></tr></table>",
    "<style>p { color: red }</style>",
    '<p class="notypo">Raw "straight" quotes -- kept.</p>',
    "<details><summary>More</summary>Hidden text.</details>",
]


@dataclass
class Manuscript:
    """What is being written: the parts' texts and what they define, for references between them."""

    rng: random.Random
    size: int
    mistakes: bool  # whether this manuscript may carry an author's mistakes (most do not)
    ids: list[str] = field(default_factory=list)  # given to headings so far, for cross-references
    notes: int = 0
    blocks: int = 0
    images: list[str] = field(default_factory=list)


def write_publication(seed: int, folder: Path, size: int = 1) -> Path:
    """Write a random publication for ``seed`` into ``folder``; ``size`` scales its length."""
    rng = random.Random(seed)
    state = Manuscript(rng, size, mistakes=rng.random() < 0.3)
    folder.mkdir(parents=True, exist_ok=True)
    if rng.random() < 0.5:
        state.images.append(_write_png(folder / "bild.png", rng))
    names = rng.sample(PART_NAMES, rng.randint(1, min(4, 1 + size)))
    parts = []
    for index, name in enumerate(names):
        text = _part(state, first=index == 0)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if rng.random() < 0.05:
            data = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")  # a BOM and CRLF: accepted
        path.write_bytes(data)
        parts.append(name)
    (folder / "publication.toml").write_text(_config(rng, parts), encoding="utf-8")
    return folder


def _config(rng: random.Random, parts: list[str]) -> str:
    lines = [
        f"title = {json.dumps(_words(rng, rng.randint(1, 6), plain=True))}",
        f"date = 20{rng.randint(0, 30):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"language = {json.dumps(rng.choice(LANGUAGES))}",
    ]
    if rng.random() < 0.5:
        lines.append(f"authors = [{json.dumps(_words(rng, 2, plain=True))}]")
    if rng.random() < 0.3:
        lines.append(f"subtitle = {json.dumps(_words(rng, rng.randint(2, 8)))}")
    if rng.random() < 0.5:
        lines.append('responsible = "Die Redaktion"')
    if rng.random() < 0.2:
        lines.append('[typography]\nquotes = "guillemets"')
    for name in parts:
        lines.append(f"\n[[parts]]\nfile = {json.dumps(name)}")
        if rng.random() < 0.2:
            lines.append('role = "sidebar"')
    return "\n".join(lines) + "\n"


def _write_png(path: Path, rng: random.Random) -> str:
    from PIL import Image

    image = Image.new("RGB", (rng.randint(8, 64), rng.randint(8, 64)), tuple(rng.randrange(256) for _ in range(3)))
    image.save(path, format="PNG")
    return path.name


# --- inline text ----------------------------------------------------------------------------------


def _word(rng: random.Random, plain: bool = False, mistakes: bool = False) -> str:
    roll = rng.random()
    if mistakes and roll < 0.005:
        return rng.choice(UNCOVERED)
    if plain or roll < 0.6:
        return rng.choice(WORDS)
    if roll < 0.7:
        return rng.choice(VOWELLESS)
    if roll < 0.74:
        return "".join(rng.choice(string.ascii_lowercase + "äöüß") for _ in range(rng.randint(100, 300)))
    if roll < 0.8:
        # Libertine has Greek and Cyrillic in its regular face, not in every face (bold, Biolinum):
        # where emphasis or a heading catches one, the build refuses it, which only a mistaken
        # manuscript may provoke.
        return rng.choice(GREEK + CYRILLIC) if mistakes else rng.choice(WORDS)
    if roll < 0.85:
        return rng.choice(COMBINING)
    if roll < 0.9:
        return rng.choice(["'s", "'ne", "'ran", "geht's", "'90s", "Rittersleut'", "l'eau", "aujourd'hui"])
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(1, 12)))


def _words(rng: random.Random, count: int, plain: bool = False) -> str:
    return " ".join(_word(rng, plain) for _ in range(count))


def _inline(state: Manuscript, count: int) -> str:
    rng = state.rng
    out: list[str] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.7:
            out.append(_word(rng, mistakes=state.mistakes))
        elif roll < 0.78:
            out[-1:] = [(out[-1] if out else "") + rng.choice(PUNCTUATION)]
        elif roll < 0.81:
            out.append(f'"{_words(rng, rng.randint(1, 4))}"')
        elif roll < 0.83:
            out.append(f"'{_words(rng, rng.randint(1, 3))}'")
        elif roll < 0.85:
            out.append(rng.choice(["*", "**", "_"]) + _word(rng) + rng.choice(["*", "**", "_", ""]))
        elif roll < 0.87:
            out.append("`" + rng.choice(["--force", 'x = "a"', "a*b", "[^1]", "<b>"]) + "`")
        elif roll < 0.89:
            out.append(f"[{_word(rng)}]({rng.choice(['https://example.org/a b', 'http://x.y/', 'mailto:a@b.c'])})")
        elif roll < 0.9:
            local = ["/index.html"]  # a website's link: dropped with a warning
            if state.mistakes:
                local += ["other.html", "../x.md", "file:///etc/passwd"]
            out.append(f"[{_word(rng)}]({rng.choice(local)})")
        elif roll < 0.92:
            targets = [*state.ids, "nirgendwo"] if state.mistakes else state.ids
            if targets:
                out.append(f"[{_word(rng)}](#{rng.choice(targets)})" + (rng.choice(["", "{: .pageref}"])))
        elif roll < 0.95:
            state.notes += 1
            out[-1:] = [(out[-1] if out else "") + f"[^n{state.notes}]"]
        elif roll < 0.97:
            out.append(rng.choice(HTML_INLINE + (REMOTE_HTML if state.mistakes else [])))
        elif roll < 0.98:
            out.append("<https://example.org/auto>")
        else:
            marks = ["\\*", "\\_", '\\"', "\\'", "\\", "&", "<", ">", "|", "{: .x}"]
            out.append(rng.choice(marks + (["{#id}"] if state.mistakes else [])))  # an id that may repeat
    return " ".join(out)


# --- blocks ---------------------------------------------------------------------------------------


def _part(state: Manuscript, first: bool) -> str:
    rng = state.rng
    blocks: list[str] = []
    if first and rng.random() < 0.3:
        blocks.append(_front_matter(rng))
    if rng.random() < 0.9:
        blocks.append(_heading(state, level=1))
    for _ in range(rng.randint(3, 8) * state.size):
        blocks.append(_block(state, depth=0))
    notes_defined = state.notes
    for number in range(1, notes_defined + 1):
        if not state.mistakes or rng.random() < 0.8:  # a call without a definition: a clear error
            blocks.append(_note_definition(state, number))
    if state.mistakes and rng.random() < 0.2 and notes_defined:
        blocks.append(f"[^n{notes_defined}]: defined twice")
    if rng.random() < 0.2:
        blocks.append("*[HTML]: HyperText Markup Language\n*[z.B.]: zum Beispiel")
    state.notes = 0  # labels are per part
    return "\n\n".join(blocks) + rng.choice(["\n", "", "\n\n\n"])


def _front_matter(rng: random.Random) -> str:
    keys = [
        f"title: {_words(rng, 3, plain=True)}",
        f"author: {_words(rng, 2, plain=True)}",
        "date: 2024-01-01",
        f"lang: {rng.choice(LANGUAGES)}",
        "keywords: [eins, zwei, drei]",
        "tags:\n  - a\n  - b",
    ]
    return "---\n" + "\n".join(rng.sample(keys, rng.randint(1, len(keys)))) + "\n---"


def _heading(state: Manuscript, level: int) -> str:
    rng = state.rng
    text = _words(rng, rng.randint(1, 6)) if rng.random() < 0.8 else rng.choice(["§ 1", "Allgemeines", "1.2.3"])
    suffix = ""
    if state.mistakes and state.ids and rng.random() < 0.1:
        suffix = f" {{#{rng.choice(state.ids)}}}"  # an id used twice: a clear error
    elif rng.random() < 0.3:
        state.ids.append(f"anker-{len(state.ids)}")
        suffix = f" {{#{state.ids[-1]}}}"
    if rng.random() < 0.1:
        return f"{text}{suffix}\n{'=' if level == 1 else '-' * 3}"
    return f"{'#' * level} {text}{suffix}"


def _block(state: Manuscript, depth: int) -> str:
    rng = state.rng
    kind = rng.choice(
        [
            "paragraph",
            "paragraph",
            "paragraph",
            "heading",
            "verse",
            "quote",
            "list",
            "fenced",
            "indented",
            "table",
            "definitions",
            "figure",
            "scene",
            "html",
            "long",
        ]
    )
    if depth > 3 and kind in ("quote", "list"):
        kind = "paragraph"
    if kind == "paragraph":
        state.blocks += 1
        ident = "x" if state.mistakes else f"x{state.blocks}"  # the same id twice: a clear error
        return _inline(state, rng.randint(1, 40)) + rng.choice(["", "", "\n{: .standfirst}", f"\n{{: #{ident} .y}}"])
    if kind == "heading":
        return _heading(state, level=rng.randint(1, 6))
    if kind == "verse":
        breaks = rng.choice(["  ", "\\", "  ", ""])
        return "\n".join(
            _inline(state, rng.randint(1, 25)) + (breaks if rng.random() < 0.9 else "")
            for _ in range(rng.randint(2, 6))
        )
    if kind == "quote":
        inner = _block(state, depth + 1)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if kind == "list":
        return _list(state, depth)
    if kind == "fenced":
        fence = rng.choice(["```", "~~~", "````"])
        lines = [_code_line(rng, state.mistakes) for _ in range(rng.randint(0, 8))]
        closing = fence if rng.random() < 0.95 else ""  # an unclosed fence runs to the end
        return f"{fence}{rng.choice(CODE_LANGUAGES)}\n" + "\n".join(lines) + f"\n{closing}"
    if kind == "indented":
        return "\n".join("    " + _code_line(rng, state.mistakes) for _ in range(rng.randint(1, 5)))
    if kind == "table":
        return _table(state)
    if kind == "definitions":
        return "\n\n".join(
            f"{_words(rng, rng.randint(1, 3))}\n:   {_inline(state, rng.randint(1, 20))}"
            for _ in range(rng.randint(1, 4))
        )
    if kind == "figure":
        sources = [*state.images, "fehlt.png"] if state.mistakes else state.images
        if not sources:
            return _inline(state, rng.randint(1, 10))
        source = rng.choice(sources)
        title = rng.choice(["", f' "{_words(rng, rng.randint(1, 6))}"', ' "Foto: Jemand/CC"'])
        return f"![{_words(rng, rng.randint(0, 4))}]({source}{title})"
    if kind == "scene":
        return rng.choice(["* * *", "***", "---", "___", "⁂", ". . .", "~~~~"])
    if kind == "html":
        return rng.choice(HTML_BLOCKS)
    return _inline(state, rng.randint(200, 800))


def _code_line(rng: random.Random, mistakes: bool) -> str:
    pieces = [
        'print("hello, world")',
        "git push --force origin main",
        "x = 'a' + \"b\" -- c",
        "\tindented with a tab",
        "a" * rng.randint(1, 250),
        " ".join(rng.choice(["--verbose", "-n", "foo", "bar", "|", "&&", "$HOME"]) for _ in range(rng.randint(1, 40))),
        "<script>alert(1)</script>",
        # Indented after a definition or list item, a "code" line is text: a call without a definition.
        "[^1] *not emphasis* `tick`" if mistakes else "[1] *not emphasis* `tick`",
        "",
    ]
    return rng.choice(pieces)


def _list(state: Manuscript, depth: int) -> str:
    rng = state.rng
    indent = rng.choice([2, 4, 4])
    ordered = rng.random() < 0.5
    loose = rng.random() < 0.3
    items = []
    for number in range(1, rng.randint(1, 6) + 1):
        marker = f"{number}." if ordered else rng.choice(["-", "*", "+"])
        item = f"{marker} {_inline(state, rng.randint(1, 15))}"
        if depth < 4 and rng.random() < 0.35:
            nested = _list(state, depth + 1) if rng.random() < 0.7 else _block(state, depth + 1)
            item += "\n\n" if loose else "\n"
            item += "\n".join(" " * indent + line if line else "" for line in nested.split("\n"))
        items.append(item)
    return ("\n\n" if loose else "\n").join(items)


def _table(state: Manuscript) -> str:
    rng = state.rng
    columns = rng.randint(1, 5)
    header = "| " + " | ".join(_words(rng, rng.randint(1, 2)) for _ in range(columns)) + " |"
    rule = "|" + "|".join(rng.choice(["---", ":--", "--:", ":-:"]) for _ in range(columns)) + "|"
    rows = []
    for _ in range(rng.randint(0, 5)):
        cells = rng.randint(max(1, columns - 1), columns + 1)  # ragged rows happen
        rows.append("| " + " | ".join(_cell(state) for _ in range(cells)) + " |")
    caption = f"\n\nTable: {_words(rng, rng.randint(1, 6))}" if rng.random() < 0.5 else ""
    return "\n".join([header, rule, *rows]) + caption


def _cell(state: Manuscript) -> str:
    rng = state.rng
    if rng.random() < 0.4:
        return rng.choice(["1", "12,5", "1.000", "-3", "40 %", "1990-2000", "€ 5", ""])
    return _inline(state, rng.randint(1, 5)).replace("|", "/")


def _note_definition(state: Manuscript, number: int) -> str:
    rng = state.rng
    paragraphs = [_inline(state, rng.randint(1, 30)) for _ in range(rng.randint(1, 3))]
    # Calls inside notes get definitions of their own only by chance; keep them out.
    paragraphs = [p.replace("[^", "[") for p in paragraphs]
    return f"[^n{number}]: " + "\n\n    ".join(paragraphs)
