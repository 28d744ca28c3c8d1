"""Gender forms (Arbeiter*innen, Autor:innen, Kolleg_innen) are words, not markup.

Python-Markdown would read the ``*`` of ``Arbeiter*innen und Kleptokrat*innen``
as the start and end of an emphasis. This inline processor runs before the
emphasis processors and claims the gender sign, so it reaches the output as
typed and real emphasis (``*wirklich*``) keeps working around it.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

# A gender sign stands between a letter and the feminine ending "in"/"innen"
# (which may go on inside a compound: Arbeiter*innenregierung).
GENDER_SIGN = r"(?<=[^\W\d_])[*:_](?=in(?:nen)?)"
GENDER_WORD = re.compile(r"[^\W\d_]+[*:_]in(?:nen)?[^\W\d_]*")


class GenderSignProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802, ARG002
        return m.group(0), m.start(0), m.end(0)


class GenderExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # 65: after escapes, links and raw HTML, before 'em_strong' (60) and 'em_strong2' (50).
        md.inlinePatterns.register(GenderSignProcessor(GENDER_SIGN, md), "gender_sign", 65)
