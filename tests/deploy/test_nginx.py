"""The shipped nginx configuration, served by a real nginx on loopback over the built sample
site: every file it writes gets the media type, Cache-Control and security headers of
deploy/policy.toml; text is compressed; pages revalidate with a 304."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from deploy.generate import HERE, ROOT_PLACEHOLDER, load
from tests.site.sample import require_tool, sample_output

NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None
)

# One file of every kind the site writes (checked to exist, so no kind goes untested).
KINDS = [
    "index.html",
    "en/index.html",
    "zh-hans/editions/2009/schedule.html",
    "sw.js",
    "en/manifest.webmanifest",
    "feed.atom",
    "en/feed.rss",
    "en/feed.json",
    "planet/feed.json",
    "planet/participants.opml",
    "editions/2009/schedule.xml",
    "fr/editions/2009/schedule.json",
    "en/editions/2009/sessions.json",
    "editions/2009/2009.ics",
    "sitemap.xml",
    "robots.txt",
    "theme/css/site.css",
    "theme/js/schedule.js",
    "theme/images/favicon.svg",
    "en/share.png",
    "pagefind/pagefind.js",
    "pagefind/pagefind-entry.json",
    "pagefind/wasm.en.pagefind",
]
KIND_GLOBS = ["media/*/*.jpg", "pagefind/fragment/*", "pagefind/index/*", "pagefind/*.pf_meta"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _config(site: Path, port: int, folder: Path) -> Path:
    """A whole nginx.conf around the shipped server block, on loopback, as this user."""
    server = (HERE / "nginx" / "conference.conf").read_text(encoding="utf-8")
    assert "    listen 80;\n" in server and ROOT_PLACEHOLDER in server
    server = server.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n")
    server = server.replace("    listen [::]:80;\n", "")
    server = server.replace(f"root {ROOT_PLACEHOLDER};", f'root "{site}";')
    temp = [f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy")]
    temp += [f"{kind}_temp_path {folder / kind};" for kind in ("fastcgi", "uwsgi", "scgi")]
    conf = folder / "nginx.conf"
    conf.write_text(
        "daemon off;\nmaster_process off;\nworker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n    access_log off;\n    " + "\n    ".join(temp) + "\n" + server + "}\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module")
def built(request, tmp_path_factory) -> Path:
    return sample_output(request, tmp_path_factory)


@pytest.fixture(scope="module")
def nginx(built, tmp_path_factory):
    """Base URL of nginx serving the built sample site with the shipped configuration."""
    require_tool(NGINX is not None, "nginx", "apt-get install nginx-light")
    folder = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = _config(built, port, folder)
    error_log = str(folder / "error.log")
    check = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(folder), "-e", error_log, "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "warn" not in check.stderr, check.stderr  # e.g. a duplicate extension
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", error_log, "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # wait until it accepts connections (or exits): each try returns at once
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen within 30 s"
                time.sleep(0.05)  # polls the condition; no result depends on the pace
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_every_kind_of_output_is_there(built):
    for kind in KINDS:
        assert (built / kind).is_file(), kind
    for pattern in KIND_GLOBS:
        assert next(built.glob(pattern), None) is not None, pattern


def test_every_file_has_the_tables_type_cache_and_security_headers(built, nginx):
    policy = load()
    wrong = []
    with httpx.Client(base_url=nginx, headers={"Accept-Encoding": "identity"}) as client:
        for relative in _site_files(built):
            response = client.get("/" + relative)
            assert response.status_code == 200, relative
            expected = policy.expected("/" + relative)
            got = {name: response.headers.get(name) for name in expected}
            if got != expected:
                wrong.append(f"{relative}: {got} != {expected}")
            assert response.content == (built / relative).read_bytes(), relative
    assert not wrong, "\n".join(wrong[:10])


def test_named_types(built, nginx):
    """The types and caching issue 30 names, spelled out (not only as the table has them)."""
    archived = next(built.glob("media/*/*.jpg")).relative_to(built).as_posix()
    with httpx.Client(base_url=nginx) as client:

        def media(path):
            return client.get(path).headers["content-type"]

        assert media("/editions/2009/2009.ics") == "text/calendar; charset=utf-8"
        assert media("/en/manifest.webmanifest").startswith("application/manifest+json")
        assert media("/en/feed.atom").startswith("application/atom+xml")
        assert media("/en/feed.json").startswith("application/feed+json")
        assert media("/en/editions/2009/sessions.json").startswith("application/json")
        assert media("/editions/2009/schedule.xml").startswith("application/xml")
        assert client.get("/sw.js").headers["cache-control"] == "no-cache"
        assert client.get("/en/index.html").headers["cache-control"] == "no-cache"
        assert "immutable" in client.get("/" + archived).headers["cache-control"]
        assert "immutable" not in client.get("/theme/css/site.css").headers["cache-control"]


def test_text_is_compressed_and_pages_revalidate(built, nginx):
    policy = load()
    compress = set(policy.compressed_types())
    with httpx.Client(base_url=nginx) as client:
        checked = 0
        for relative in _site_files(built):
            media = policy.media_type("/" + relative)
            big = (built / relative).stat().st_size >= 256
            response = client.get("/" + relative, headers={"Accept-Encoding": "gzip"})
            encoded = response.headers.get("content-encoding")
            if media is not None and media.type in compress and big:
                assert encoded == "gzip", relative
                assert "accept-encoding" in response.headers.get("vary", "").lower(), relative
                assert response.content == (built / relative).read_bytes(), relative  # decoded
                checked += 1
            else:
                assert encoded is None, relative
        assert checked > 100
        page = client.get("/en/index.html")
        again = client.get("/en/index.html", headers={"If-None-Match": page.headers["etag"]})
        assert again.status_code == 304


def test_errors_carry_the_security_headers(nginx):
    policy = load()
    response = httpx.get(nginx + "/no/such/page.html")
    assert response.status_code == 404
    for name, value in policy.headers.items():
        assert response.headers.get(name) == value, name
