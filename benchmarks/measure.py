"""Run one command and print its wall time, CPU time and peak memory as one line of JSON.

    python benchmarks/measure.py CMD [ARG ...]

Each measurement runs in a fresh wrapper process because RUSAGE_CHILDREN's ru_maxrss is the
maximum over all children a process has waited for: in a fresh wrapper that is the command's
own peak resident set (the largest process of its tree). Wall time is taken around
subprocess.run, so the wrapper's own start-up is not counted; the command's imports are.
The command's stdout and stderr are kept (last 4000 characters) for error reports.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(command: list[str]) -> None:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = (completed.stdout or "") + (completed.stderr or "")
    print(
        json.dumps(
            {
                "wall_s": wall,
                "user_s": usage.ru_utime,
                "sys_s": usage.ru_stime,
                # ru_maxrss is in KiB on Linux (bytes on macOS).
                "peak_mib": usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024),
                "returncode": completed.returncode,
                "output": output[-4000:],
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
