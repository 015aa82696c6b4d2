"""Run Pelican builds in subprocesses and measure them: wall clock, CPU and peak memory.

Shared by the build benchmarks (``bench_build.py``, ``bench_schedule.py``). Each build runs
in a fresh ``python -m pelican`` process, reaped with ``os.wait4`` so the kernel reports
that process's CPU time and peak resident memory, its own children (Pagefind) included.
CPU time is printed beside wall time because this machine is shared: on a loaded machine
wall time grows with the load, CPU time much less.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Runs:
    """Repeated measurements of one kind of build."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    files: int = 0

    @property
    def median_wall(self) -> float:
        """Median wall-clock seconds."""
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        """Median CPU seconds (user + system, children included)."""
        return statistics.median(self.cpu)

    @property
    def peak_mib(self) -> float:
        """Largest peak resident memory of the runs, MiB."""
        return max(self.rss_mib)


def pelican(
    settings: Path, output: Path, extra: list[str], runs: Runs, *, clean: bool = True
) -> None:
    """Build once with ``settings`` into ``output`` and add the measurement to ``runs``."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        "-s",
        str(settings),
        "-o",
        str(output),
        "-q",
        *(["--delete-output-directory"] if clean else []),
        *extra,
    ]
    measure(command, runs)
    runs.files = sum(1 for p in output.rglob("*") if p.is_file())


def measure(command: list[str], runs: Runs) -> None:
    """Run ``command`` from the project root; record wall, CPU and peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"build failed: {' '.join(command)}\n{output}")
    runs.wall.append(elapsed)
    runs.cpu.append(usage.ru_utime + usage.ru_stime)
    runs.rss_mib.append(usage.ru_maxrss / 1024)  # Linux reports KiB


def settings_args(**values: object) -> list[str]:
    """``-e KEY=JSON …`` for Pelican's command line."""
    return ["-e", *(f"{key}={json.dumps(value)}" for key, value in values.items())]


def table(
    rows: list[Runs],
    base: Runs,
    goal_rows: dict[str, float] | None = None,
    against: dict[str, Runs] | None = None,
) -> list[str]:
    """A Markdown table of ``rows``; ratios are to ``base`` (or ``against[name]``)."""
    lines = [
        "| build | files | wall median (s) | CPU median (s) | peak RSS (MiB) | "
        "wall ratio | CPU ratio | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for runs in rows:
        ref = (against or {}).get(runs.name, base)
        goal = (goal_rows or {}).get(runs.name)
        wall_ratio = runs.median_wall / ref.median_wall
        cpu_ratio = runs.median_cpu / ref.median_cpu
        verdict = ""
        if goal is not None:
            outcome = "met" if met(runs, ref, goal) else "NOT met"
            verdict = f"CPU ≤ {goal:.2f}x of {ref.name}: {outcome}"
        lines.append(
            f"| {runs.name} | {runs.files} | {runs.median_wall:.2f} | "
            f"{runs.median_cpu:.2f} | {runs.peak_mib:.0f} | {wall_ratio:.2f}x | "
            f"{cpu_ratio:.2f}x | {verdict} |"
        )
    return lines


def met(runs: Runs, ref: Runs, goal: float) -> bool:
    """Whether ``runs`` costs at most ``goal`` times ``ref``, in CPU time: on this shared
    machine wall time follows the other sessions' load, CPU time what the build does."""
    return runs.median_cpu / ref.median_cpu <= goal


def machine() -> str:
    """One line naming the machine and its load, for the record."""
    cpus = os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpus} CPUs ({model}), Python {sys.version.split()[0]}, load average {load}"
