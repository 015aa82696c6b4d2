"""Chinese titles break as Chinese typesetting wants on a phone (kinsoku), at 360 px.

The pages are the Chinese ones with the longest titles (found in the built site, so new
content is covered), plus the roundup and schedule titles with their `` · `` separators.
Each character's position is read from the layout: a character that starts a line must
not be closing punctuation or a separator, one that ends a line must not be an opening
bracket, and no title is wider than the screen.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

#: may not start a line (closing punctuation, pauses, the separator dot) ...
NO_START = set("，。、；：！？）」』”’》〉】〕…—·・‧%")
#: ... and may not end one (opening brackets and quotes)
NO_END = set("（「『“‘《〈【〔")
PHONE = {"width": 360, "height": 740}

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

LINES = """(h1) => {
  const chars = [];
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = [...range.getClientRects()].find(r => r.width > 0);
      if (rect) chars.push([node.data[i], Math.round(rect.top)]);
    }
  }
  const lines = [];
  for (const [ch, top] of chars) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.top - top) < 4) last.text += ch;
    else lines.push({top, text: ch});
  }
  return {lines: lines.map(l => l.text), scroll: h1.scrollWidth, width: h1.clientWidth};
}"""


def longest_titles(site: Path, count: int = 6) -> list[str]:
    """The zh-Hans pages whose h1 is longest, longest first."""
    found = []
    for path in (site / "zh-hans").rglob("*.html"):
        match = _H1.search(path.read_text("utf-8"))
        if match:
            found.append((len(_TAG.sub("", match.group(1)).strip()), path))
    found.sort(key=lambda pair: -pair[0])
    return [p.relative_to(site).as_posix() for _, p in found[:count]]


def test_no_chinese_title_line_starts_with_punctuation(built_site, page, visit):
    pages = longest_titles(built_site)
    pages += ["zh-hans/editions/2009/roundup.html", "zh-hans/editions/2009/schedule.html"]
    page.set_viewport_size(PHONE)
    wrapped = 0
    for path in dict.fromkeys(pages):
        visit(path)
        found = page.locator("h1").first.evaluate(LINES)
        lines = [line.strip() for line in found["lines"]]
        assert found["scroll"] <= found["width"] + 1, f"{path}: title wider than the screen"
        wrapped += len(lines) > 1
        for before, after in itertools.pairwise(lines):
            assert after[:1] not in NO_START, f"{path}: a line starts with {after[:1]!r}: {lines}"
            assert before[-1:] not in NO_END, f"{path}: a line ends with {before[-1:]!r}: {lines}"
    assert wrapped >= 3, "the titles must wrap at 360 px for the test to mean anything"


def test_title_css_is_strict(built_site, page, visit):
    page.set_viewport_size(PHONE)
    visit("zh-hans/editions/2009/roundup.html")
    style = page.locator("h1").first.evaluate(
        "h => { const s = getComputedStyle(h); return [s.lineBreak, s.overflowWrap]; }"
    )
    assert style == ["strict", "anywhere"]
