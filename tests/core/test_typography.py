"""French no-break spaces (plugins.core.typography)."""

from __future__ import annotations

import pytest

from plugins.core.typography import THIN, WORD, french_html, french_text, is_french


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lieu : Canton", f"Lieu{WORD}: Canton"),
        ("Lieu: Canton", f"Lieu{WORD}: Canton"),
        ("Pourquoi ? Oui ! Non ; fin", f"Pourquoi{THIN}? Oui{THIN}! Non{THIN}; fin"),
        ("Pourquoi?", f"Pourquoi{THIN}?"),
        ("« Bonjour »", f"«{WORD}Bonjour{WORD}»"),
        ("«Bonjour»", f"«{WORD}Bonjour{WORD}»"),
        ("Quoi ?!", f"Quoi{THIN}?!"),
        ("«\u00a0déjà\u00a0»\u00a0: juste", "«\u00a0déjà\u00a0»\u00a0: juste"),
        # not punctuation of prose: times, URLs, queries, entities, emoticons
        ("à 10:00, voir https://exemple.fr/?a=1", "à 10:00, voir https://exemple.fr/?a=1"),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),
        ("Tom &amp; Jerry ; fin", f"Tom &amp; Jerry{THIN}; fin"),
        ("Yahoo!Japon", "Yahoo!Japon"),
        ("un » seul", "un\u00a0» seul"),
        ("fin»", "fin»"),  # a » without its « is not a closing guillemet
    ],
)
def test_french_text(text, expected):
    assert french_text(text) == expected
    assert french_text(expected) == expected  # idempotent


def test_html_text_nodes_only():
    markup = (
        '<p title="a : b" data-x="c ? d"><a href="https://x.fr/?q=1">Lien</a> : suite</p>'
        "<p>Voir <code>a ? b : c</code> ici ?</p><pre>x : y</pre>"
        "<script>a = b ? c : d;</script><style>a:hover{x:y}</style>"
        '<p>Elle dit <span lang="en">Why not?</span> Alors ?</p>'
        "<p><kbd>Ctrl ; </kbd></p>"
    )
    expected = (
        f'<p title="a : b" data-x="c ? d"><a href="https://x.fr/?q=1">Lien</a>{WORD}: suite</p>'
        f"<p>Voir <code>a ? b : c</code> ici{THIN}?</p><pre>x : y</pre>"
        "<script>a = b ? c : d;</script><style>a:hover{x:y}</style>"
        f'<p>Elle dit <span lang="en">Why not?</span> Alors{THIN}?</p>'
        "<p><kbd>Ctrl ; </kbd></p>"
    )
    assert french_html(markup) == expected
    assert french_html(expected) == expected


def test_html_signs_across_inline_elements():
    # the space before the sign is in the element before it: it moves, unbreakable
    assert french_html("<p><b>Note </b>: x</p>") == f"<p><b>Note</b>{WORD}: x</p>"
    assert french_html("<p><b>Note</b>: x</p>") == f"<p><b>Note</b>{WORD}: x</p>"
    assert french_html("<p>« <em>Oui</em> »</p>") == f"<p>«{WORD}<em>Oui</em>{WORD}»</p>"
    # a new block is a new line: nothing to join to
    assert french_html("<p>fin</p><p>: début</p>") == "<p>fin</p><p>: début</p>"


def test_french_tags():
    assert is_french("fr") and is_french("fr-CA") and is_french("fr_FR")
    assert not is_french("en") and not is_french("") and not is_french(None)
