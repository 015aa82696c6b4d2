"""The fetch lock never follows a symlink committed at its path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plugins.planet.__main__ import main as planet_command
from plugins.planet.fetch import run_fetch
from plugins.planet.lock import LOCK_NAME, LockRefused, fetch_lock
from plugins.planet.sources import FeedSource


def test_symlink_at_the_lock_path_is_refused_and_its_target_untouched(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("do not truncate me\n")
    (store / LOCK_NAME).symlink_to(target)
    with pytest.raises(LockRefused, match="symbolic link"), fetch_lock(store):
        pass
    assert target.read_text() == "do not truncate me\n"
    dangling = tmp_path / "store2"
    dangling.mkdir()
    (dangling / LOCK_NAME).symlink_to(tmp_path / "created-by-us")
    with pytest.raises(LockRefused), fetch_lock(dangling):
        pass
    assert not (tmp_path / "created-by-us").exists()


def test_fetch_command_refuses_a_symlinked_lock(tmp_path, settings, capsys, monkeypatch):
    store = Path(settings["PLANET_STORE_PATH"])
    store.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep\n")
    (store / LOCK_NAME).symlink_to(target)
    (tmp_path / "pelicanconf.py").write_text(f"PLANET_STORE_PATH = {str(store)!r}\n")
    sources = [FeedSource("me", "feeds/me.xml")]
    monkeypatch.setattr("plugins.planet.__main__.load_sources", lambda root, cfg: sources)
    assert planet_command(["fetch", "--root", str(tmp_path)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert target.read_text() == "keep\n"
    with pytest.raises(LockRefused):
        run_fetch(tmp_path, settings, sources=sources)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_at_the_lock_path_is_refused(tmp_path):
    os.mkfifo(tmp_path / LOCK_NAME)
    with pytest.raises(LockRefused, match="not a regular file"), fetch_lock(tmp_path):
        pass


def test_lock_file_is_created_with_a_normal_mode_and_reused(tmp_path):
    with fetch_lock(tmp_path):
        pass
    path = tmp_path / LOCK_NAME
    assert path.read_text() == f"{os.getpid()}\n"
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    with fetch_lock(tmp_path):
        pass
