"""Parser worker processes do not outlive a fetch process killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plugins.planet.settings import PlanetSettings
from plugins.planet.workers import parse_pool

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for `invoke fetch`: starts the parser pool, prints its workers' ids, then
# works until it is killed.
SCRIPT = """
import os, sys, time
from plugins.planet.settings import PlanetSettings
from plugins.planet.workers import parse_pool
cfg = PlanetSettings.read({"PLANET_PARSE_WORKERS": 2})
pool = parse_pool(cfg, 2, poll=sys.argv[1] == "poll")
pids = set()
while len(pids) < 2:
    pids |= {pool.submit(os.getpid).result() for _ in range(8)}
print(*sorted(pids), flush=True)
time.sleep(60)
"""


def gone(pid: int) -> bool:
    """True when ``pid`` has exited (a zombie waiting for a reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return state in ("Z", "X")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("mode", ["pidfd", "poll"])
def test_workers_exit_when_the_fetch_process_is_killed(mode):
    if mode == "pidfd" and not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd here")
    fetch = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        pids = [int(pid) for pid in fetch.stdout.readline().split()]
        assert len(pids) == 2 and all(not gone(pid) for pid in pids)
        os.kill(fetch.pid, signal.SIGKILL)
        fetch.wait(5)
        deadline = time.monotonic() + 60  # polled: ends once they are gone
        while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(gone(pid) for pid in pids), f"workers {pids} outlived their parent"
    finally:
        fetch.kill()
        fetch.stdout.close()


def test_pool_parses(tmp_path):
    from plugins.planet.parse import ParseJob, parse_feed

    from .conftest import SIMPLE

    cfg = PlanetSettings.read({"PLANET_PARSE_WORKERS": 2})
    pool = parse_pool(cfg, 2)
    try:
        result = pool.submit(parse_feed, ParseJob(body=SIMPLE)).result(30)
    finally:
        pool.shutdown()
    assert len(result["entries"]) == 2
