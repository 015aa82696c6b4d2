"""Benchmark: a large real schedule (FOSDEM 2021) built by us and by plain Pelican.

Imports ``fosdem_2021.xml`` from the shared corpora with ``invoke import-schedule``'s
importer into a three-language site (zh-Hans, en, fr), writes zh-Hans and fr translations
of every third session (title and abstract marked as bench translations), and times, each
in a fresh subprocess:

- ``plain Pelican``: no plugins, default theme, the same session Markdown files (every
  language) as articles, so both builds read the same number of Markdown files;
- ``ours, full build``: ``pelicanconf.py`` from an empty output and cache (session,
  person, schedule and edition pages in three trees, exports, search);
- rebuilds after editing one session, one person file and one template, as
  ``invoke regenerate`` runs them (caches on, Pagefind after the pages), and that Pagefind
  run.

Prints one table (wall and CPU time, best and median of ``--repeat`` runs, peak memory,
ratios, goals judged on CPU: ``bench/measure.py``).
Usage: ``python bench/build/bench_schedule.py --repeat 3``. Not a test.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
from pathlib import Path

# runner.py lies beside this file, whether it runs as a script or is imported as
# bench.build.<name> (bench/planet/bench_planet_build.py imports the generator)
sys.path.insert(0, str(Path(__file__).resolve().parent))
import runner

CORPUS = runner.ROOT.parent / "shared" / "corpora" / "schedules" / "fosdem_2021.xml"
EDITION = "fosdem-2021"
CONFERENCE = """\
name: {zh-Hans: 基准会议, en: Bench Conference, fr: Conférence de test}
languages: [zh-Hans, en, fr]
default_language: en
site_url: https://bench.example.org
timezone: Europe/Brussels
"""


def generate(root: Path, source: Path = CORPUS) -> Path:
    """Import the schedule into ``root/content`` and add translations; return it."""
    sys.path.insert(0, str(runner.ROOT))
    from plugins.conference.importer.cli import main as import_main

    content = root / "content"
    content.mkdir(parents=True)
    (content / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = import_main(
        [
            str(source),
            "--edition",
            EDITION,
            "--timezone",
            "Europe/Brussels",
            "--language",
            "en",
            "--content",
            str(content),
        ],
        out=out,
        err=err,
    )
    if status:
        raise SystemExit(f"import failed:\n{out.getvalue()}{err.getvalue()}")
    sessions = sorted((content / "editions" / EDITION / "sessions").glob("*.en.md"))
    for session in sessions[::3]:
        title, body = _title_body(session.read_text(encoding="utf-8"))
        stem = session.name.removesuffix(".en.md")
        for lang, mark in (("zh-Hans", "（译）"), ("fr", " (traduit)")):
            (session.parent / f"{stem}.{lang}.md").write_text(
                f"Title: {title}{mark}\n\n{body}\n", encoding="utf-8"
            )
    return content


def _title_body(text: str) -> tuple[str, str]:
    head, _, body = text.partition("\n\n")
    found = re.search(r"^Title:\s*(.*)$", head, re.MULTILINE)
    return (found.group(1) if found else "Untitled"), body.strip()


def plain_site(root: Path, content: Path) -> Path:
    """The session files as plain Pelican articles, and settings to build them."""
    posts = root / "plain" / "posts"
    posts.mkdir(parents=True)
    for number, session in enumerate(
        sorted((content / "editions" / EDITION / "sessions").glob("*.md"))
    ):
        title, body = _title_body(session.read_text(encoding="utf-8"))
        # reST-free Markdown: metadata Pelican knows, the same body
        (posts / session.name).write_text(
            f"Title: {title}\nDate: 2021-02-06 {number % 24:02d}:00\n\n{body}\n", encoding="utf-8"
        )
    return runner.plain_settings(
        root / "plainconf.py",
        root / "plain",
        name="Bench",
        timezone="Europe/Brussels",
        language="en",
        pages=False,
    )


def edit(root: Path, content: Path, what: str, round_: int) -> None:
    """Edit one session, one person or one template (a different edit each round)."""
    if what == "session":
        sessions = sorted((content / "editions" / EDITION / "sessions").glob("*.en.md"))
        path = sessions[len(sessions) // 2]
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nAdded, round {round_}.\n", encoding="utf-8"
        )
    elif what == "person":
        people = sorted((content / "people").glob("*.yaml"))
        path = people[len(people) // 2]
        # the file as imported (an earlier round's edit taken out: one bio key only)
        text = path.read_text(encoding="utf-8").split("# edited, round")[0]
        path.write_text(
            text + f"# edited, round {round_}\nbio: {{en: Edited in round {round_}.}}\n",
            encoding="utf-8",
        )
    else:
        path = root / "theme" / "templates" / "session.html"
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"{{# edited, round {round_} #}}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Import, build both ways, rebuild after edits, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (3 or more)")
    parser.add_argument("--goal", type=float, default=1.25)
    parser.add_argument("--rebuild-goal", type=float, default=0.3)
    parser.add_argument("--source", type=Path, default=CORPUS)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        raise SystemExit(f"{args.source}: not found (the shared corpora)")
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as temp:
        root = Path(args.keep or temp)
        root.mkdir(parents=True, exist_ok=True)
        content = generate(root, args.source)
        shutil.copytree(runner.ROOT / "themes" / "ruyi", root / "theme")
        markdown = len(list((content / "editions").rglob("*.md")))
        plain, ours = runner.Runs("plain Pelican"), runner.Runs("ours, full build")
        conf = runner.ROOT / "pelicanconf.py"
        for number in range(args.repeat):
            runner.pelican(
                plain_site(root, content) if number == 0 else root / "plainconf.py",
                root / "out-plain",
                [],
                plain,
            )
            runner.pelican(
                conf,
                root / "out-ours",
                runner.ours_args(root, content, root / f"cache-{number}", cached=False),
                ours,
            )
        edits = {
            what: (lambda number, what=what: edit(root, content, what, number))
            for what in ("session", "person", "template")
        }
        rows = [plain, ours, *runner.rebuilds(root, content, edits, args.repeat, ours.files)]
    against = {r.name: ours for r in rows[2:]}
    goals = {
        ours.name: args.goal,
        "rebuild after editing one session": args.rebuild_goal,
        "rebuild after editing one person": args.rebuild_goal,
    }
    print(
        f"FOSDEM 2021 imported: {markdown} session Markdown files (a third translated "
        f"into zh-Hans and fr); {args.repeat} runs each; {runner.machine()}"
    )
    print("\n".join(runner.table(rows, plain, goals, against)))
    ok = all(  # a row of fewer than 3 runs has no verdict (a smoke run)
        runner.met(r, against.get(r.name, plain), goals[r.name])
        for r in rows
        if r.name in goals and r.runs >= runner.MIN_RUNS
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
