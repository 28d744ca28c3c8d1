"""French spacing: « guillemets » and the space before ; : ! ?

Following the Imprimerie nationale's *Lexique des règles typographiques*: a narrow
no-break space (U+202F) before ; ! ? and inside the guillemets, a (full-width)
no-break space (U+00A0) before the colon. A space typed there (any kind, or none)
is replaced, so text already set this way stays as it is. A colon or question mark
not followed by a space, a closing mark or the end of the text (12:30, 3:4,
std::map, ?q=x) is not punctuation of a sentence and gets nothing.
"""

from __future__ import annotations

import re

from .rules import NBSP, NNBSP, Rule

_ANY_SPACE = r"[ \t\n\u00a0\u202f\u2009]"
# The mark ends a clause: a space, a closing bracket or quote, ! or ?, an element or the line end follow.
_ENDS_CLAUSE = r"(?=[\s)\]}»”’\"'…,.!?\ufffc])"
# Not after a space (nothing to replace), another mark (?! ?!? ::) or an opening bracket or quote.
_AFTER_WORD = r"(?<=[^\s;:!?(\[{«‹“‘/])"

PUNCTUATION: tuple[Rule, ...] = (
    Rule("space", re.compile(_AFTER_WORD + r"[ \u00a0\u202f\u2009]?([;!?])" + _ENDS_CLAUSE), NNBSP + r"\1"),
    Rule("space", re.compile(_AFTER_WORD + r"[ \u00a0\u202f\u2009]?:" + _ENDS_CLAUSE), NBSP + ":"),
)

# Only with the "french" quotation style: « mot ».
GUILLEMETS: tuple[Rule, ...] = (
    Rule("space", re.compile(r"«" + _ANY_SPACE + r"*(?=\S)"), "«" + NNBSP),
    Rule("space", re.compile(r"(?<=\S)" + _ANY_SPACE + r"*»"), NNBSP + "»"),
)
