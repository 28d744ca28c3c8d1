"""The HTML elements the model's content is made of, by the role they play (no imports: any module may use it)."""

# The blocks the reader names with data-block: every element whose lines a layout can report.
NAMED_BLOCKS = (
    "p",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "td",
    "th",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
)
# HTML's block-level elements, as they occur in a part or a note (everything else in them is phrasing).
BLOCK_ELEMENTS = frozenset(NAMED_BLOCKS) | {
    "div", "section", "article", "aside", "ul", "ol", "table", "caption", "figure", "hr", "dl",
}  # fmt: skip
