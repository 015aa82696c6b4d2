"""The Apache, Caddy and _headers files (no server of theirs is installed here) read back with
small readers of each format and applied to every file of the built sample site: each
gives what deploy/policy.toml says, the same as the nginx file a real nginx is tested with
(tests/deploy/test_nginx.py). The committed files are what the table makes."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest

from deploy.generate import HERE, headers_left_to_host, load, main
from tests.site.sample import sample_output

HOST_REVALIDATE = "public, max-age=0, must-revalidate"  # Netlify's and Cloudflare's default


@pytest.fixture(scope="module")
def paths(request, tmp_path_factory) -> list[str]:
    site = sample_output(request, tmp_path_factory)
    return sorted("/" + p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_committed_files_are_what_the_table_makes(capsys):
    assert main(["--check"]) == 0, capsys.readouterr().out


def _unquote(value: str) -> str:
    value = value.strip()
    return value[1:-1] if value.startswith('"') and value.endswith('"') else value


# --- Apache ---------------------------------------------------------------------------


def _apache(path: str, text: str) -> dict[str, str]:
    """The headers the .htaccess gives ``path``: mod_mime's AddType/AddCharset, <Files>
    ForceType, `Header always set`, and the first <If>/<ElseIf>/<Else> whose regex matches."""
    types, charset, forced, headers = {}, set(), {}, {}
    chain_done, files = False, None
    lines = iter(text.splitlines())
    for raw in lines:
        line = raw.strip()
        if m := re.fullmatch(r"AddType (\S+) ((?:\.\w+ ?)+)", line):
            types.update({ext.lstrip("."): m[1] for ext in m[2].split()})
        elif m := re.fullmatch(r"AddCharset utf-8 (.+)", line):
            charset |= {ext.lstrip(".") for ext in m[1].split()}
        elif m := re.fullmatch(r'<Files "([^"]+)">', line):
            files = m[1]
        elif m := re.fullmatch(r"ForceType (.+)", line):
            forced[files] = _unquote(m[1])
        elif m := re.fullmatch(r"Header always set (\S+) (.+)", line):
            headers[m[1]] = _unquote(m[2])
        elif m := re.fullmatch(r'<(If|ElseIf) "%\{REQUEST_URI\} =~ m#(.+)#">', line):
            body = next(lines).strip()
            if m[1] == "If":
                chain_done = False
            if not chain_done and re.search(m[2], path):
                headers["Cache-Control"] = _unquote(body.removeprefix("Header set Cache-Control "))
                chain_done = True
        elif line == "<Else>":
            body = next(lines).strip()
            if not chain_done:
                headers["Cache-Control"] = _unquote(body.removeprefix("Header set Cache-Control "))
    name = PurePosixPath(path).name
    ext = PurePosixPath(name).suffix.lstrip(".")
    if name in forced:
        headers["Content-Type"] = forced[name]
    elif ext in types:
        headers["Content-Type"] = types[ext] + ("; charset=utf-8" if ext in charset else "")
    return headers


def test_apache_gives_every_file_the_tables_headers(paths):
    policy = load()
    text = (HERE / "apache" / ".htaccess").read_text(encoding="utf-8")
    for path in paths:
        assert _apache(path, text) == policy.expected(path), path
    deflate = re.search(r"AddOutputFilterByType DEFLATE (.+)", text)[1].split()
    assert deflate == policy.compressed_types()


# --- Caddy ----------------------------------------------------------------------------


def _caddy_path(pattern: str, path: str) -> bool:
    """Caddy's `path` matcher for the forms the file uses: *suffix, prefix*, exact."""
    if pattern.startswith("*"):
        return path.endswith(pattern[1:])
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path == pattern


def _caddy_matches(conditions: list[str], path: str) -> bool:
    for condition in conditions:
        negate = condition.startswith("not ")
        kind, _, argument = condition.removeprefix("not ").partition(" ")
        if kind == "path":
            hit = any(_caddy_path(p, path) for p in argument.split())
        elif kind == "path_regexp":
            hit = re.search(argument, path) is not None
        else:
            raise AssertionError(f"matcher {kind} not read by this test")
        if hit == negate:
            return False
    return True


def _caddy(path: str, text: str) -> tuple[dict[str, str], list[str]]:
    """The headers the Caddyfile sets on ``path``, and any header set twice."""
    matchers: dict[str, list[str]] = {}
    headers: dict[str, str] = {}
    twice = []
    lines = iter(text.splitlines())
    for raw in lines:
        line = raw.strip()
        if line == "header {":
            for inner in lines:
                if inner.strip() == "}":
                    break
                name, value = inner.strip().split(" ", 1)
                headers[name] = _unquote(value)
        elif m := re.fullmatch(r"(@\w+) \{", line):
            conditions = []
            for inner in lines:
                if inner.strip() == "}":
                    break
                conditions.append(inner.strip())
            matchers[m[1]] = conditions
        elif m := re.fullmatch(r"(@\w+) (path(?:_regexp)? .+)", line):
            matchers[m[1]] = [m[2]]
        elif (m := re.fullmatch(r"header (@\w+) (\S+) (.+)", line)) and _caddy_matches(
            matchers[m[1]], path
        ):
            if m[2] in headers:
                twice.append(m[2])
            headers[m[2]] = _unquote(m[3])
    return headers, twice


def test_caddy_gives_every_file_the_tables_headers_once(paths):
    policy = load()
    text = (HERE / "caddy" / "Caddyfile").read_text(encoding="utf-8")
    for path in paths:
        headers, twice = _caddy(path, text)
        assert not twice, f"{path}: {twice} set by two matchers (order would decide)"
        assert headers == policy.expected(path), path
    encoded = re.findall(r"header Content-Type (\S+)\*", text)
    assert encoded == policy.compressed_types()
    assert text.count("{") == text.count("}")


# --- _headers (Netlify, Cloudflare Pages) -----------------------------------------------


def _headers_rules(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        else:
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
    return rules


def _glob(pattern: str, path: str) -> bool:
    """A _headers path: `*` (a splat) matches any run of characters, slashes too."""
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), path) is not None


def test_headers_file_gives_every_file_the_tables_headers_without_joins(paths):
    policy = load()
    rules = _headers_rules((HERE / "static" / "_headers").read_text(encoding="utf-8"))
    left = headers_left_to_host(policy)
    for path in paths:
        got: dict[str, str] = {}
        for pattern, headers in rules:
            if _glob(pattern, path):
                for name, value in headers.items():
                    assert name not in got, f"{path}: {name} from two rules would be joined"
                    got[name] = value
        expected = policy.expected(path)
        ext = PurePosixPath(path).suffix.lstrip(".")
        if ext in left and PurePosixPath(path).name not in policy.names:
            assert "Content-Type" not in got, path
            got["Content-Type"] = expected["Content-Type"]  # the host's own .json type
        if expected["Cache-Control"] == policy.cache["revalidate"]:
            got.setdefault("Cache-Control", HOST_REVALIDATE)
            assert got["Cache-Control"] in (HOST_REVALIDATE, expected["Cache-Control"]), path
            got["Cache-Control"] = expected["Cache-Control"]
        assert got == expected, path


def test_every_rule_glob_covers_what_its_regex_does(paths):
    """For every built file, a rule's regex and its _headers globs agree."""
    policy = load()
    for rule in policy.rules:
        for path in paths:
            by_regex = re.search(rule.regex, path) is not None
            by_glob = any(_glob(g, path) for g in rule.globs)
            # the theme's copy of the worker: the regex rule before /sw.js takes it
            assert by_regex == by_glob or path == "/theme/js/sw.js", (rule.regex, path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('class = "asset"', 'class = "forever"'), "[rules[0].class] expected one of"),
        (("[headers]", "[headerz]"), "[headers] missing; expected a table"),
        (('ics = { type = "text/calendar"', 'ics = { typ = "text/calendar"'), "[types.ics]"),
        (("regex = '/theme/'", "regex = '/theme/('"), "[rules[0].regex] is no regex"),
    ],
)
def test_a_mistake_in_the_table_is_one_located_line(tmp_path, change, message):
    broken = tmp_path / "policy.toml"
    text = (HERE / "policy.toml").read_text(encoding="utf-8")
    assert change[0] in text
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(SystemExit) as raised:
        load(broken)
    line = str(raised.value.code)
    assert line.startswith(f"{broken}: ") and message in line and "\n" not in line
