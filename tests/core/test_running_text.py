"""Excerpts and titles from text only (plugins.core.text.running_text)."""

from __future__ import annotations

from plugins.core.text import running_text


def test_pictures_and_their_alternative_texts_are_left_out():
    html = '<p>上午的演讲。</p><p><img src="a.jpg" alt="连州会场"></p><p>下午讨论。</p>'
    assert running_text(html) == "上午的演讲。下午讨论。"


def test_paragraphs_join_as_the_language_joins_sentences():
    assert running_text("<p>First one.</p><p>Second<br>line.</p>") == "First one. Second line."
    mixed = "<p>第一段。</p><p>Second.</p><p>第三段。</p>"
    assert running_text(mixed) == "第一段。Second. 第三段。"
    assert running_text("") == ""


def test_repeated_parts_of_a_place_or_list_are_written_once():
    from plugins.core.lists import join_list, join_place

    assert join_place(["Online", "Online", "online"], "en") == "Online"
    assert join_place(["H.2215", "ULB", "Brussels", "ULB"], "fr") == "H.2215, ULB, Brussels"
    assert join_list(["林晓", "陈默", "林晓"], "zh_Hans") == join_list(["林晓", "陈默"], "zh_Hans")
