"""Optical margins: punctuation that hangs a little into the margin, as microtype does.

A line ending in a hyphen, a dash, a full stop, a comma or a closing quote looks
indented on the right, because these characters are light and small; one
starting with an opening quote looks indented on the left. Letting them protrude
by part of their width makes the edges look straight. The fractions are
microtype's defaults for Latin text, rounded (hyphen 70 %, period and comma
70 %, quotes 50 %, en dash 50 %, em dash 30 %).
"""

from __future__ import annotations

# The fraction of its own width a character protrudes into the right margin at a line's end.
RIGHT = {
    "\u2010": 0.7,  # the hyphen of a hyphenated line
    "-": 0.7,
    "\u2013": 0.5,
    "\u2014": 0.3,
    ".": 0.7,
    ",": 0.7,
    ":": 0.3,
    ";": 0.3,
    "\u201c": 0.5,  # “ closes a German quotation
    "\u201d": 0.5,
    "\u2018": 0.5,
    "\u2019": 0.5,
    "\u00ab": 0.5,
    "\u00bb": 0.5,
    "\u2039": 0.5,
    "\u203a": 0.5,
    '"': 0.5,
    "'": 0.5,
}
# The fraction of its own width an opening quote protrudes into the left margin at a line's start.
LEFT = {
    "\u201e": 0.5,  # „
    "\u201a": 0.5,  # ‚
    "\u201c": 0.5,
    "\u2018": 0.5,
    "\u00bb": 0.5,  # » opens a German quotation
    "\u203a": 0.5,
    "\u00ab": 0.5,  # « opens a French one
    "\u2039": 0.5,
}
