"""Measurements every benchmark shares: CPU and wall time, best and median of several runs.

This machine is shared: other sessions' load stretches wall time from run to run, while
CPU time (user + system) is what the measured work itself costs. So every bench reports
both, per row, as best and median of at least :data:`MIN_RUNS` runs, and judges its goals
on CPU (:func:`verdict`): met when the median CPU ratio is within the goal.

The whole API, for a bench (``sys.path`` holding the project root)::

    from bench.measure import measure, run, verdict

    row = measure(lambda: work(), runs=3, name="ours")   # in-process, children included
    row = run([sys.executable, "-m", "pelican", ...], runs=3, name="ours")  # a command
    row.best_cpu, row.median_cpu, row.best_wall, row.median_wall, row.peak_mib
    verdict(row, reference_row, goal=1.25)               # "met (CPU 1.10x median, …)"

A command is run with ``subprocess`` and reaped with :func:`os.wait4`, so the kernel
reports that process's CPU time and peak memory, its waited-for children included. An
in-process function is measured with :func:`resource.getrusage` of this process plus the
children it waited for during the call. :func:`process_cpu` reads a running process's
CPU time (a server measured across one request), :func:`tree_cpu` that of a process and
every process below it (a fork server's pool).
"""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Fewer runs than this give figures but no verdict on a goal.
MIN_RUNS = 3


@dataclass
class Measurement:
    """Repeated measurements of one row: wall and CPU seconds, peak memory."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    #: peak of the sum of the resident memory of the process tree, each run (MiB)
    tree_mib: list[float] = field(default_factory=list)
    #: the same with shared pages divided among the processes sharing them (PSS)
    tree_pss_mib: list[float] = field(default_factory=list)
    #: CPU seconds the memory sampler itself used, each run (on the measured cores)
    sampler_cpu: list[float] = field(default_factory=list)
    files: int = 0

    def add(self, wall: float, cpu: float, rss_mib: float | None = None) -> None:
        """Record one run."""
        self.wall.append(wall)
        self.cpu.append(cpu)
        if rss_mib is not None:
            self.rss_mib.append(rss_mib)

    @property
    def runs(self) -> int:
        return len(self.cpu)

    @property
    def best_wall(self) -> float:
        return min(self.wall)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def best_cpu(self) -> float:
        """Fewest CPU seconds (user + system, children included) of the runs."""
        return min(self.cpu)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mib(self) -> float:
        """Largest peak resident memory of one process of the runs, MiB (0 when not
        measured): the kernel's ``ru_maxrss``, the largest of the process and its
        children, not their sum."""
        return max(self.rss_mib, default=0.0)

    @property
    def peak_tree_mib(self) -> float:
        """Largest sum of the resident memory of the run's process tree at one moment,
        MiB (0 when not sampled): a parent alive while its child runs counts too."""
        return max(self.tree_mib, default=0.0)

    @property
    def peak_tree_pss_mib(self) -> float:
        """:attr:`peak_tree_mib` with pages shared between processes (a fork's) counted
        once, split among them (Linux's PSS)."""
        return max(self.tree_pss_mib, default=0.0)


def cpu_now() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(fn: Callable[[], object], runs: int = MIN_RUNS, name: str = "") -> Measurement:
    """Call ``fn`` ``runs`` times; each run's wall time and CPU time (this process and the
    children it waited for meanwhile). Anything else this process does at the same time
    (another thread) counts too: measure in a quiet process."""
    row = Measurement(name or getattr(fn, "__name__", "run"))
    for _ in range(runs):
        cpu, wall = cpu_now(), time.perf_counter()
        fn()
        row.add(time.perf_counter() - wall, cpu_now() - cpu)
    return row


def run(
    command: Sequence[str],
    runs: int = MIN_RUNS,
    name: str = "",
    *,
    cwd: Path = ROOT,
    env: dict | None = None,
    into: Measurement | None = None,
    before: Callable[[], object] | None = None,
) -> Measurement:
    """Run ``command`` ``runs`` times (``before()`` first each time, not measured); each
    run's wall time, CPU time and peak memory as the kernel reports them for the process
    and its children. A failing run stops the bench with its output. ``into`` adds the
    runs to an existing row."""
    row = into if into is not None else Measurement(name or Path(command[0]).name)
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        with TreeSampler(process.pid) as tree:
            output = process.stdout.read() if process.stdout else ""
            _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"failed: {' '.join(map(str, command))}\n{output[-4000:]}")
        row.add(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # KiB
        row.tree_mib.append(tree.peak_rss / 2**20)
        row.tree_pss_mib.append(tree.peak_pss / 2**20)
        row.sampler_cpu.append(tree.cpu)
    return row


def _children() -> dict[int, list[int]]:
    """Every live process's children, by parent pid (from ``/proc/*/stat``)."""
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                text = (entry / "stat").read_text()
                parent = int(text[text.rindex(")") + 2 :].split()[1])
                found.setdefault(parent, []).append(int(entry.name))
    return found


def tree_pids(pid: int) -> list[int]:
    """``pid`` and every live process below it. Read from each process's
    ``/proc/<pid>/task/*/children`` (Linux 3.5+ with ``CONFIG_PROC_CHILDREN``), which costs
    a few reads where walking ``/proc`` reads every process's ``stat`` (1.4 ms on this
    machine, too much 50 times a second beside a build); walked that way when the files
    are missing."""
    if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        children = _children()
        found, below = [], [pid]
        while below:
            current = below.pop()
            found.append(current)
            below += children.get(current, [])
        return found
    found, below = [], [pid]
    while below:
        current = below.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                with contextlib.suppress(OSError, ValueError):
                    below += [int(child) for child in (task / "children").read_text().split()]
    return found


_PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and every live process below it, in bytes (the sum of
    their RSS, from ``/proc/<pid>/statm``: cheap enough to read 50 times a second)."""
    rss = 0
    for current in tree_pids(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            rss += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * _PAGE
    return rss


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident memory of ``pid`` and every live process below it, in bytes: the sum of
    their RSS (pages shared by two processes counted twice) and of their PSS (shared
    pages split among the processes sharing them), from ``/proc/<pid>/smaps_rollup``
    (Linux 4.14+). Reading it walks the process's page tables: 6 ms for a 400 MiB one."""
    rss = pss = 0
    for current in tree_pids(pid):
        with contextlib.suppress(OSError, ValueError):
            fields = {}
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines()[1:]:
                name, _, value = line.partition(":")
                fields[name] = int(value.split()[0]) * 1024  # kB
            rss += fields.get("Rss", 0)
            pss += fields.get("Pss", 0)
    return rss, pss


class TreeSampler:
    """The peak of the memory of a process tree while the ``with`` block runs, read by a
    thread (a measurement: a peak shorter than the interval can be missed; the kernel's
    ``ru_maxrss`` is the exact peak of each process alone).

    The sampler shares the machine's cores with what it measures, so it must cost little:
    reading every process's ``smaps_rollup`` each 20 ms took 5–6 s of CPU beside an 18 s
    build, a quarter of one of the two cores, and stretched the build's wall time. So the
    RSS (``statm``, :func:`tree_rss`) is read every ``interval`` and the PSS
    (:func:`tree_memory`) every ``pss_interval`` only; :attr:`cpu` is the sampler's own
    CPU time, which the benches print."""

    def __init__(self, pid: int, interval: float = 0.05, pss_interval: float = 0.5) -> None:
        self.pid, self.interval, self.pss_interval = pid, interval, pss_interval
        self.peak_rss = self.peak_pss = 0
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def sample(self, pss: bool = True) -> None:
        """Read the tree's memory once (its PSS too when ``pss``), keeping the peaks."""
        if pss:
            rss, pss_now = tree_memory(self.pid)
            self.peak_pss = max(self.peak_pss, pss_now)
        else:
            rss = tree_rss(self.pid)
        self.peak_rss = max(self.peak_rss, rss)

    def _sample(self) -> None:
        start, last_pss = time.thread_time(), -self.pss_interval
        while not self._stop.is_set():
            now = time.monotonic()
            pss = now - last_pss >= self.pss_interval
            self.sample(pss=pss)
            if pss:
                last_pss = now
            self.cpu = time.thread_time() - start
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _own_and_reaped(pid: int) -> float:
    """CPU seconds of a live process: its threads' run time in nanoseconds
    (``/proc/<pid>/task/*/schedstat``; not ``utime + stime``, which the kernel counts in
    ticks of 10 ms, too coarse for a server's work on one request), plus its waited-for
    children's (``cutime + cstime``, in ticks: they suit builds taking seconds). A
    thread that has ended is no longer in ``task/``, so the process's own ``utime +
    stime`` (ticks, ended threads included) is the floor of its own time: without it, a
    thread of a dev server ending between two readings made a round's CPU negative. In
    this process, its own CPU time is :func:`resource.getrusage`'s, ended threads
    included (a pool's threads that parsed or wrote files and were shut down by the end
    of the measured call)."""
    if pid == os.getpid():
        return cpu_now()
    own = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            own += int((task / "schedstat").read_text().split()[0])
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()  # after the name, which may hold spaces
    ticks = os.sysconf("SC_CLK_TCK")
    whole = sum(int(value) for value in fields[11:13]) / ticks  # utime, stime
    children = sum(int(value) for value in fields[13:15])  # cutime, cstime
    return max(own / 1e9, whole) + children / ticks


def process_cpu(pid: int) -> float:
    """CPU seconds a running process has used so far, with the children it has waited
    for (Linux; see :func:`tree_cpu` to include the live processes below it)."""
    return _own_and_reaped(pid)


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and of every live process below it, each with the
    children it has waited for: a fork server's pool, whose workers this process does
    not reap itself, or a warm build process and its build (Linux)."""
    total = 0.0
    for current in tree_pids(pid):
        with contextlib.suppress(OSError):
            total += _own_and_reaped(current)
    return total


def verdict(row: Measurement, reference: Measurement, goal: float) -> str:
    """Whether ``row`` costs at most ``goal`` times ``reference`` in CPU: ``met`` on the
    median ratio, ``met on the best run only`` when only the best runs' ratio is within,
    ``NOT met`` otherwise; no verdict from fewer than :data:`MIN_RUNS` runs."""
    best = row.best_cpu / reference.best_cpu
    median = row.median_cpu / reference.median_cpu
    runs = min(row.runs, reference.runs)
    figures = f"CPU {median:.2f}x median, {best:.2f}x best, goal ≤ {goal:.2f}x"
    if runs < MIN_RUNS:
        return f"no verdict: {runs} run(s), at least {MIN_RUNS} needed ({figures})"
    if median <= goal:
        return f"met ({figures})"
    if best <= goal:
        return f"met on the best run only ({figures})"
    return f"NOT met ({figures})"


def met(row: Measurement, reference: Measurement, goal: float) -> bool:
    """The goal of :func:`verdict` met on the median CPU ratio."""
    return row.median_cpu / reference.median_cpu <= goal


def machine() -> str:
    """One line naming the machine and its load, for the record."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {sys.version.split()[0]}, load average {load}"
