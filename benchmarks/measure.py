"""Run one command and print its wall time, CPU time and peak memory as one line of JSON.

    python benchmarks/measure.py CMD [ARG ...]

Memory is the peak, over samples taken every 10 ms or more, of the proportional set size
(PSS, from /proc/PID/smaps_rollup) summed over the command's whole process tree. Reading
smaps_rollup walks a process's page tables (about 3 ms for 300 MiB), time taken from a
command that uses both cores: the sampler waits 20 times as long as its last sample took,
so it costs the command at most 5 % of one core. A build that
forks a second process is charged for both, and the pages the two share after the fork
are counted once (each process carries its share), not twice as summed RSS would. The
largest single process's peak RSS (RUSAGE_CHILDREN's ru_maxrss; the wrapper is fresh, so
it is the command's own) is reported beside it. Wall time is taken around the command,
so the wrapper's own start-up is not counted; the command's imports are. The command's
stdout and stderr are kept (last 4000 characters) for error reports.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

INTERVAL = 0.01  # seconds between memory samples, at least
OVERHEAD = 0.05  # the share of one core the sampler may take


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found  # the process ended
    for task in tasks:
        try:
            found += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue  # the task ended
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0  # the process ended between listing and reading
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _sample(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        peak[0] = max(peak[0], sum(_pss_kib(p) for p in _tree(pid)))
        stop.wait(max(INTERVAL, (time.perf_counter() - started) / OVERHEAD))


def main(command: list[str]) -> None:
    with tempfile.TemporaryFile("w+", errors="replace") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=_sample, args=(process.pid, stop, peak), daemon=True)
        if Path("/proc/self/smaps_rollup").exists():
            sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        stop.set()
        if sampler.is_alive():
            sampler.join()
        log.seek(0)
        output = log.read()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    largest = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    print(
        json.dumps(
            {
                "wall_s": wall,
                "user_s": usage.ru_utime,
                "sys_s": usage.ru_stime,
                # Without /proc (not Linux) only the largest process can be measured.
                "peak_mib": peak[0] / 1024 if peak[0] else largest,
                "largest_process_mib": largest,
                "returncode": returncode,
                "output": output[-4000:],
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
