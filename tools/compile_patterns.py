#!/usr/bin/env python3
"""Store pyphen's parsed form of a ``.dic`` beside it (``de.dic`` -> ``de.patterns``).

See publisher/hyphenation/compiled.py::

    .venv/bin/python tools/compile_patterns.py publisher/hyphenation/data/de.dic
"""

import sys
from pathlib import Path

from publisher.hyphenation.compiled import compile_patterns, compiled_path

for name in sys.argv[1:]:
    dic = Path(name)
    compiled_path(dic).write_bytes(compile_patterns(dic))
    print(f"wrote {compiled_path(dic)}")
