"""``invoke dev``: a writer saves a post and the open tab shows the new text by itself.

The dev loop (plugins/core/devserver.py) runs on a fixture site in a thread; the page is
opened once and never reloaded by the test: the reload script the server adds to the page
reloads it when the rebuild ends. Playwright's ``expect`` waits for the text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.core.test_devserver import running_dev

pytestmark = pytest.mark.browser


def served_after(page, state: str) -> None:
    """Wait until the open tab is a document the server sent after the build ``state``
    (the ``data-build`` of its reload script): every reload up to that build is done, so
    none is still on its way when the test marks the document."""
    script = page.locator(f'script[src="/__dev__/reload.js"][data-build="{state}"]')
    expect(script).to_have_count(1, timeout=60_000)


def test_a_saved_post_shows_in_the_open_tab_without_a_manual_reload(page, tmp_path):
    with running_dev(tmp_path) as (site, _output, stream, url, lines):
        kind, state = stream.until("reload", "failed", "unchanged")  # the first build
        assert kind == "reload", lines
        page.goto(f"{url}en/posts/report.html", wait_until="load")
        served_after(page, state)
        expect(page.locator("main")).to_contain_text("Text.")
        page.evaluate("window.__sameDocument = true")  # gone after any reload

        post = site.path("posts/report.en.md")
        site.write("posts/report.en.md", post.read_text().replace("Text.", "Saved in my editor."))
        # a preview reloads the tab first, then the full build's end reloads it again
        kind, state = stream.until("reload", "failed", "unchanged")
        assert kind == "reload", lines
        served_after(page, state)
        expect(page.locator("main")).to_contain_text("Saved in my editor.")
        assert page.evaluate("window.__sameDocument") is None  # the script reloaded it

        # a broken save: the tab keeps the last good page and its console says why
        page.evaluate("window.__sameDocument = true")
        with page.expect_console_message(
            lambda m: "build failed" in m.text, timeout=60_000
        ) as message:
            site.write("posts/report.en.md", post.read_text().replace("alice, bob", "nobody"))
        assert stream.until("preview", "reload", "failed", "unchanged")[0] == "failed", lines
        assert "report.en.md" in message.value.text and "nobody" in message.value.text
        assert page.evaluate("window.__sameDocument") is True
        expect(page.locator("main")).to_contain_text("Saved in my editor.")
        # fixed: the tab follows again
        fixed = post.read_text().replace("nobody", "alice, bob").replace("my editor", "fixed")
        site.write("posts/report.en.md", fixed)
        kind, state = stream.until("reload", "failed", "unchanged")
        assert kind == "reload", lines
        served_after(page, state)
        expect(page.locator("main")).to_contain_text("Saved in fixed.")


def test_the_tab_reconnects_and_reloads_when_the_server_restarts(page, tmp_path):
    """``invoke dev`` stopped and started again (another run): the open tab's stream
    reconnects by itself and the page reloads, so it shows the new run's site."""
    from plugins.core.devserver import DevServer

    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><title>Dev</title></head><body><main>First</main></body>"
        "</html>",
        encoding="utf-8",
    )
    with DevServer(tmp_path, port=0) as first:
        url = first.url
        port = first.httpd.server_address[1]
        page.goto(url, wait_until="load")
        expect(page.locator("main")).to_have_text("First")
        page.evaluate("window.__sameDocument = true")
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><body><main>Second run</main></body></html>", encoding="utf-8"
    )
    with DevServer(tmp_path, port=port):
        expect(page.locator("main")).to_have_text("Second run", timeout=60_000)
        assert page.evaluate("window.__sameDocument") is None
