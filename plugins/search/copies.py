"""Each page's index copy kept by the page's bytes, so a rebuild prepares only new pages.

Pagefind reads an index copy of the output (:mod:`.ideographs`): Chinese pages get the
other script's sentences (OpenCC, :mod:`.scripts`), pages of other languages with Chinese
in them are spaced into characters. Making it parses and converts every such page: on a
FOSDEM-size site, 2.6 s of a 6.5 s indexing of all three languages. A page whose bytes are
those of a page already prepared has the same copy (the copy is a pure function of the
page's bytes and of the code and OpenCC version in the cache's salt), so the copy is kept
in ``CACHE_PATH/search-copies/<salt>/`` under the digest of the page's bytes and linked
into the next index copy. Pages whose copy is the page itself are linked from the output
as before, and not kept.

The cache holds files this project wrote from pages it wrote; Pagefind reads them as it
reads the output (their text is the page's, escaped by the templates and sanitized where
it came from untrusted content). A kept copy is never written in place: it is made in
the index copy, then hard-linked into the cache (or, across file systems, copied to a
temporary name and renamed), so a reader sees a whole file or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from pathlib import Path

from .ideographs import copy_page

#: Kept copies not used for this long (seconds) are deleted: another output folder (the
#: publishing settings' beside the development ones) may still use them within it.
GRACE = 3600.0


class CopyCache:
    """Index copies by page digest under ``folder`` (None: nothing kept, every copy made)."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.root = folder
        key = hashlib.sha256(salt.encode("utf-8")).hexdigest()[:16]
        self.folder = folder / key if folder is not None else None
        self.made = self.reused = 0

    def _kept(self, digest: str) -> Path | None:
        return self.folder / digest[:2] / f"{digest}.html" if self.folder is not None else None

    def fill(self, output: Path, pages, site: Path) -> None:
        """Write the index copy of ``pages`` (each with its ``path`` and ``digest``) of
        ``output`` into ``site``: linked from the cache when kept, else made (and kept
        when it differs from the page)."""
        for page in pages:
            source, target = output / page.path, site / page.path
            kept = self._kept(page.digest)
            target.parent.mkdir(parents=True, exist_ok=True)
            if kept is not None and _link(kept, target):
                with contextlib.suppress(OSError):
                    os.utime(kept)  # used: not deleted by prune()
                self.reused += 1
                continue
            copy_page(source, target, source.read_text("utf-8", errors="replace"))
            if _same_file(source, target):  # the page as it is: nothing made, nothing kept
                continue
            self.made += 1
            if kept is not None:
                _keep(target, kept)

    def prune(self) -> None:
        """Delete kept copies (and the folders of other salts: older code or OpenCC) not
        used for :data:`GRACE` seconds."""
        if self.root is None or not self.root.is_dir():
            return
        now = time.time()
        for salted in self.root.iterdir():
            if salted != self.folder:
                with contextlib.suppress(OSError):
                    if now - salted.stat().st_mtime > GRACE:
                        shutil.rmtree(salted, ignore_errors=True)
                continue
            for folder, _, names in os.walk(salted):
                for name in names:
                    path = os.path.join(folder, name)
                    with contextlib.suppress(OSError):
                        if now - os.stat(path).st_mtime > GRACE:
                            os.unlink(path)


def _link(kept: Path, target: Path) -> bool:
    """Link (or copy) the kept copy to ``target``; False when none is kept."""
    try:
        os.link(kept, target)
    except FileNotFoundError:
        return False
    except OSError:  # another file system, or links not allowed
        try:
            shutil.copyfile(kept, target)
        except FileNotFoundError:
            return False
    return True


def _same_file(source: Path, target: Path) -> bool:
    try:
        return os.path.samefile(source, target)
    except OSError:
        return False


def _keep(made: Path, kept: Path) -> None:
    """Put the copy just ``made`` into the cache as ``kept``, whole or not at all."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(made, kept)
        return
    except FileExistsError:  # another build kept the same page meanwhile: the same bytes
        return
    except OSError:  # another file system, or links not allowed: copy, then rename
        pass
    # a name of this process's (not mkstemp's, whose file would be private: the copy is
    # made like any other file, with the umask's permissions)
    temporary = kept.with_name(f".new-{os.getpid()}-{kept.name}")
    try:
        shutil.copyfile(made, temporary)
        os.replace(temporary, kept)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
