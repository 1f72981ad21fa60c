"""Shared machinery of the bench scripts: fresh processes, peak memory, medians, ratios.

Every bench script times one user path (the file a user passes to the result they get)
for relindex and for its peers (pandas, polars, DuckDB, numpy or SALib). Each timed run is
a fresh Python process (``python bench_x.py --stage NAME ...``) that does its imports,
prepares whatever is not timed, then times the work and prints one JSON line with
``seconds`` (and a ``check`` value that all stages must agree on). The parent reads the
peak resident memory of that very child from ``os.wait4`` (``ru_maxrss``), so a stage's
memory is its own. Stages alternate (relindex, pandas, polars, ..., relindex, ...) so that
a burst of load from other users of the machine spreads over all of them, and the median
of at least five runs is printed with the ratio relindex ÷ peer (below 1: relindex is
faster), and, where a stage reports it, its CPU seconds (every thread, user + system) and
their ratio. Bytecode is compiled before the first run, so no run pays for compiling.

Peers whose package is missing are skipped with a line saying how to install them
(``pip install 'relindex[bench]'``).
"""

from __future__ import annotations

import compileall
import importlib.util
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


def compile_bytecode() -> None:
    """Compile relindex (wherever it is imported from) and the bench scripts to bytecode."""
    spec = importlib.util.find_spec("relindex")
    if spec is not None and spec.submodule_search_locations:
        for loc in spec.submodule_search_locations:
            compileall.compile_dir(loc, quiet=1)
    compileall.compile_dir(str(BENCH), quiet=1, maxlevels=0)


def have(module: str) -> bool:
    """Whether a peer's package is installed."""
    return importlib.util.find_spec(module) is not None


@dataclass
class Run:
    """One fresh process: wall time, the time it reported, its peak memory, its output."""

    wall: float
    seconds: float
    rss_mib: float
    out: dict[str, Any]


def run_child(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run one process to the end; its peak RSS comes from ``wait4`` on that process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode()
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                               f"{err.read().decode()[-3000:]}")
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    data = json.loads(lines[-1]) if lines else {}
    return Run(wall, float(data.get("seconds", wall)), usage.ru_maxrss / 1024, data)


@dataclass
class Stage:
    """A named command; ``whole`` times the whole process (start-up) instead of its report."""

    name: str
    cmd: list[str]
    whole: bool = False
    env: dict[str, str] | None = None
    runs: list[Run] = field(default_factory=list)
    error: str | None = None
    """Why the stage cannot run (e.g. a format relindex does not read); it is then skipped."""

    @property
    def time(self) -> float:
        """Median time over the runs."""
        return statistics.median(r.wall if self.whole else r.seconds for r in self.runs)

    @property
    def cpu(self) -> float | None:
        """Median CPU seconds of the timed work over the runs (None if not reported)."""
        got = [r.out["cpu"] for r in self.runs if isinstance(r.out.get("cpu"), int | float)]
        return statistics.median(got) if got else None

    @property
    def rss(self) -> float:
        """Median peak RSS (MiB) over the runs."""
        return statistics.median(r.rss_mib for r in self.runs)

    @property
    def check(self) -> Any:
        """The check value of the last run."""
        return self.runs[-1].out.get("check")


def alternate(stages: list[Stage], repeat: int, warmup: bool = True,
              log: Callable[[str], None] | None = None) -> None:
    """Run every stage ``repeat`` times, in turn, after one untimed warm-up run of each."""
    if warmup:
        for s in stages:
            s.error = run_child(s.cmd, s.env).out.get("error")
    for k in range(repeat):
        for s in stages:
            if s.error is None:
                s.runs.append(run_child(s.cmd, s.env))
        if log is not None:
            log(f"  round {k + 1}/{repeat} done")


def report(title: str, stages: list[Stage], ref: str = "relindex",
           tolerance: float = 1e-6) -> None:
    """Print each stage's median time and peak memory, and the ratios ref ÷ stage."""
    base = next(s for s in stages if s.name == ref)
    n = max(len(s.runs) for s in stages)
    print(f"\n{title}  (medians of {n} alternating runs, fresh processes; "
          f"ratio = {ref} ÷ peer)")
    with_cpu = any(s.cpu is not None for s in stages if s.runs)
    cpu_head = f"{'cpu s':>8}{'cpu ratio':>11}" if with_cpu else ""
    print(f"  {'':34}{'time s':>9}{'peak RSS MiB':>14}{'ratio':>10}{'mem ratio':>11}{cpu_head}")
    for s in stages:
        if s.error is not None:
            print(f"  {s.name:34}  not run: {s.error}")
            continue
        own = s is base or base.error is not None
        ratio = "" if own else f"{base.time / s.time:9.2f}x"
        mem = "" if own else f"{base.rss / s.rss:10.2f}x"
        cpu = ""
        if with_cpu:
            c, c_base = s.cpu, base.cpu
            cpu = f"{c:8.3f}" if c is not None else f"{'':8}"
            cpu += (f"{c_base / c:10.2f}x" if not own and c and c_base is not None
                    else f"{'':11}")
        print(f"  {s.name:34}{s.time:9.3f}{s.rss:14.0f}{ratio:>10}{mem:>11}{cpu}")
    checks = {s.name: s.check for s in stages if s.runs and s.check is not None}
    if checks:
        ref_v = checks.get(ref, next(iter(checks.values())))
        agree = all(_close(v, ref_v, tolerance) for v in checks.values())
        print(f"  results agree across stages: {agree}"
              + ("" if agree else f"  {checks}"))


def _close(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=tol, abs_tol=tol)
    return bool(a == b)


_CPU_START: float | None = None
"""CPU time of the process (every thread) when `start` was called."""


def start() -> float:
    """Start a stage's clock: the wall time now; the CPU time is kept for `emit`."""
    global _CPU_START
    _CPU_START = time.process_time()
    return time.perf_counter()


def emit(seconds: float, check: Any = None, **extra: Any) -> None:
    """Print a stage's result as the JSON line `run_child` reads.

    After `start`, the line also holds ``cpu``: the CPU seconds (user + system, every
    thread) of the process since then, less noisy than the wall time on a shared machine.
    """
    if _CPU_START is not None and "cpu" not in extra:
        extra["cpu"] = time.process_time() - _CPU_START
    print(json.dumps({"seconds": seconds, "check": check, **extra}))


def exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) on log(size): time grows as size ** slope."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


def child_cmd(script: str, *args: str) -> list[str]:
    """The command of one stage of a bench script."""
    return [sys.executable, str(BENCH / script), *args]
