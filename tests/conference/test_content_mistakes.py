"""Mistakes that used to build into a wrong site (issue 26): each is now one located line,
in the file and on the line where it was made; realistic non-mistakes still build."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from plugins.core.metadata import fullwidth_colon_keys, header_keys
from plugins.core.timezones import local_time
from tests.conference.test_problems import check_stops, invoke_build, rewrite

KEYNOTE = "editions/2009/sessions/keynote.zh-Hans.md"
TOOLS = "editions/2009/sessions/tools.zh-Hans.md"


def test_a_key_with_a_fullwidth_colon_ends_no_header():
    text = "Title：年会\nDate: 2009-11-16\n\nBody: not a key\n"
    assert header_keys(text) == [("Date", 2)]
    assert fullwidth_colon_keys(text) == [("Title", 1, "：")]


@pytest.mark.parametrize(
    ("relative", "old", "new", "located"),
    [
        ("posts/report.zh-Hans.md", "Title: 年会报道", "Title：年会报道", ":1: [Title]"),
        (KEYNOTE, "Speakers: alice", "Speakers：alice", ":6: [Speakers]"),
        ("pages/about.en.md", "Title: About", "Title ﹕ About", ":1: [Title]"),
    ],
    ids=["required-key", "session-key", "small-form-colon"],
)
def test_fullwidth_colon_after_a_key(site, relative, old, new, located):
    """Said as such, not as a missing key, and the keys after it are not lost."""
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", "full-width", "ASCII colon")
    assert len(lines) == 1, lines
    assert "missing required key" not in lines[0]


@pytest.mark.parametrize(
    ("relative", "old", "new", "located", "char"),
    [
        (TOOLS, "Speakers: bob, alice", "Speakers: bob，alice", ":5: [Speakers]", "'，'"),
        (
            "posts/report.zh-Hans.md",
            "Edition: 2009",
            "Edition: 2009\nTags: 年会、连州、博客",
            ":5: [Tags]",
            "'、'",
        ),
        (
            "posts/report.en.md",
            "Authors: alice, bob",
            "Authors: alice；bob",
            ":3: [Authors]",
            "'；'",
        ),
    ],
    ids=["speakers", "tags", "authors"],
)
def test_fullwidth_separator_in_a_list(site, relative, old, new, located, char):
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", char, "ASCII commas")
    assert len(lines) == 1, lines


def test_fullwidth_separator_in_a_yaml_list(site):
    rewrite(
        site, "editions/2009/edition.yaml", "participants: [alice, bob", "participants: [alice，bob"
    )
    check_stops(site, "content/editions/2009/edition.yaml:8:", "'，'", "ASCII commas")


def test_fullwidth_colon_in_yaml(site):
    rewrite(site, "people/alice.yaml", "listed: true", "listed：true")
    lines = check_stops(site, "content/people/alice.yaml:2:", "[listed]", "'：'")
    assert not any("unknown person" in line for line in lines)


def test_realistic_files_still_build(site):
    """A BOM, CRLF line ends, a date with a UTC offset, a lower-case tag in a file name,
    and full-width punctuation inside a value, where it belongs."""
    for relative in ("posts/report.en.md", TOOLS):
        path = site.path(relative)
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    rewrite(site, "posts/report.zh-Hans.md", "21:00", "21:00+08:00")
    rewrite(site, "posts/report.zh-Hans.md", "Title: 年会报道", "Title: 年会报道：微动力，广天地")
    site.path("posts/report.zh-Hans.md").rename(site.path("posts/report.zh-hans.md"))
    site.path(KEYNOTE).rename(site.path(KEYNOTE.replace("zh-Hans", "zh-hans")))
    for relative in ("people/alice.yaml", "editions/2009/edition.yaml"):
        path = site.path(relative)
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, output = invoke_build(site)
    assert code == 0, output


def paris_edition(site, start: str, end: str, keynote: tuple[str, str]) -> None:
    """The 2009 edition moved to Paris on ``start``..``end``, its keynote at ``keynote``."""
    rewrite(site, "editions/2009/edition.yaml", "timezone: Asia/Shanghai", "timezone: Europe/Paris")
    rewrite(
        site,
        "editions/2009/edition.yaml",
        "start: 2009-11-14\nend: 2009-11-15",
        f"start: {start}\nend: {end}",
    )
    rewrite(
        site,
        KEYNOTE,
        "Start: 2009-11-14 09:30\nEnd: 2009-11-14 10:30",
        f"Start: {keynote[0]}\nEnd: {keynote[1]}",
    )
    rewrite(site, TOOLS, "2009-11-15", start)


def test_local_time_that_does_not_exist(site):
    paris_edition(site, "2010-03-27", "2010-03-28", ("2010-03-28 02:30", "2010-03-28 03:10"))
    lines = check_stops(
        site,
        f"content/{KEYNOTE}:2: [Start]",
        "does not exist in Europe/Paris",
        "01:30 (+01:00",
        "03:30 (+02:00",
    )
    assert len(lines) == 1, lines


def test_local_time_that_happens_twice(site):
    paris_edition(site, "2009-10-24", "2009-10-25", ("2009-10-25 02:10", "2009-10-25 03:30"))
    lines = check_stops(
        site,
        f"content/{KEYNOTE}:2: [Start]",
        "happens twice in Europe/Paris",
        "'2009-10-25 02:10+02:00'",
        "'2009-10-25 02:10+01:00'",
    )
    assert len(lines) == 1, lines


def test_times_written_with_their_offset_build_across_the_change(site):
    """The second 02:10 of the night, up to 02:50: 40 minutes in pages, frab and .ics."""
    paris_edition(
        site, "2009-10-24", "2009-10-25", ("2009-10-25 02:10+01:00", "2009-10-25 02:50+01:00")
    )
    code, output = invoke_build(site)
    assert code == 0, output
    frab = (site.root / "output/editions/2009/schedule.json").read_text(encoding="utf-8")
    assert '"date": "2009-10-25T02:10:00+01:00"' in frab
    assert '"duration": "00:40"' in frab
    ics = (site.root / "output/editions/2009/sessions/keynote.ics").read_text(encoding="utf-8")
    assert "DTSTART:20091025T011000Z" in ics  # RFC 5545 would read a TZID time as the first


def test_an_offset_that_is_not_the_zones(site):
    rewrite(site, KEYNOTE, "Start: 2009-11-14 09:30", "Start: 2009-11-14 09:30+01:00")
    check_stops(site, f"content/{KEYNOTE}:2: [Start]", "+01:00", "Asia/Shanghai is at +08:00")


@pytest.mark.parametrize(
    ("zone", "written", "fragments"),
    [
        ("America/New_York", "2021-03-14 02:15", ["does not exist", "-05:00 to -04:00"]),
        ("America/New_York", "2021-11-07 01:15", ["happens twice", "01:15-04:00", "01:15-05:00"]),
        ("Australia/Lord_Howe", "2021-04-04 01:45", ["happens twice", "+11:00 to +10:30"]),
    ],
)
def test_local_time_refuses_clock_changes(zone, written, fragments):
    with pytest.raises(ValueError) as info:
        local_time(datetime.fromisoformat(written), ZoneInfo(zone))
    for fragment in fragments:
        assert fragment in str(info.value)


def test_local_time_takes_the_second_reading_from_its_offset():
    moment = local_time(
        datetime.fromisoformat("2021-11-07 01:15-05:00"), ZoneInfo("America/New_York")
    )
    assert (moment.fold, moment.hour, moment.minute) == (1, 1, 15)
    plain = local_time(datetime(2021, 7, 1, 9, 30), ZoneInfo("America/New_York"))
    assert plain.utcoffset().total_seconds() == -4 * 3600


@pytest.mark.parametrize(
    ("old", "new", "suggested"),
    [
        ("editions/2009/sessions", "editions/2009/session", "did you mean 'sessions'?"),
        ("posts", "post", "did you mean 'posts'?"),
        ("pages", "Pages", "did you mean 'pages'?"),
    ],
)
def test_folder_the_site_does_not_read(site, old, new, suggested):
    site.path(old).rename(site.path(new))
    lines = check_stops(site, f"content/{new}: [folder]", suggested, "not published")
    assert len(lines) == 1, lines


def test_misspelt_sessions_folder_is_the_root_cause(site):
    """Coverage naming a session of the folder is not a second, false problem."""
    site.write(
        "editions/2009/coverage.yaml",
        """\
        items:
          - {type: post, url: "https://blog.example.org/1", title: T, lang: en, session: keynote}
        """,
    )
    site.path("editions/2009/sessions").rename(site.path("editions/2009/sesions"))
    lines = check_stops(site, "content/editions/2009/sesions: [folder]")
    assert not any("unknown session" in line for line in lines), lines


def test_misspelt_people_folder_is_the_root_cause(site):
    site.path("people").rename(site.path("peopel"))
    lines = check_stops(site, "content/peopel: [folder]", "did you mean 'people'?")
    assert not any("unknown person" in line for line in lines), lines


def test_edition_folder_without_edition_yaml(site):
    site.path("editions/2009/edition.yaml").rename(site.path("editions/2009/editon.yaml"))
    lines = check_stops(site, "content/editions/2009: [folder]", "no edition.yaml", "'editon.yaml'")
    assert not any("unknown edition" in line for line in lines), lines


def test_markdown_file_in_an_edition_folder(site):
    site.write("editions/2009/panel.zh-Hans.md", "Title: X\n\nY.\n")
    site.write("photos/not-content.jpg", "pictures are left alone")
    check_stops(site, "content/editions/2009/panel.zh-Hans.md: [folder]", "roundup.<lang>.md")


@pytest.mark.parametrize(
    ("relative", "old", "new", "located"),
    [
        (
            "editions/2009/edition.yaml",
            "name: {zh-Hans: 主会场, en: Main hall}",
            "name: {zh-Hans: 主会场, en: Main hall, fr-CA: Salle}",
            ":12: [rooms[0].name]",
        ),
        (
            "people/alice.yaml",
            "listed: true",
            "listed: true\nlinks:\n  - url: https://x.example.org/\n    title:\n"
            "      en: X\n      fr-CA: Y",
            ":7: [links[0].title]",
        ),
        (
            "people/bob.yaml",
            "name: {zh-Hans: 鲍勃, en: Bob}",
            "name: {zh-Hans: 鲍勃, en-GB: Bob}",
            ":1: [name]",
        ),
    ],
    ids=["room-name", "link-title", "person-name"],
)
def test_translation_keyed_by_a_language_outside_the_site(site, relative, old, new, located):
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", "is not a site language")
    assert len(lines) == 1, lines


def test_quote_translation_keyed_by_a_language_outside_the_site(site):
    site.write(
        "editions/2009/coverage.yaml",
        """\
        items:
          - type: post
            url: https://blog.example.org/1
            title: T
            lang: zh-Hans
            quote:
              text: 你好
              translations:
                en: Hello
                fr-CA: Bonjour
        """,
    )
    check_stops(
        site, "content/editions/2009/coverage.yaml:10: [items[0].quote]", "'fr-CA' is not a site"
    )


def test_roundup_introduction_in_a_language_outside_the_site(site):
    site.write("editions/2009/roundup.fr-CA.md", "Intro.\n")
    check_stops(site, "content/editions/2009/roundup.fr-CA.md: [Lang]", "'fr-CA'")


@pytest.mark.parametrize(
    ("relative", "old", "new", "located", "fixed"),
    [
        (
            "people/alice.yaml",
            "blog: https://alice.example.org/",
            "blog: https://alice.example.org/\nfeed: alice.example.org/feed.xml",
            ":4: [feed]",
            "'https://alice.example.org/feed.xml'",
        ),
        (
            "editions/2009/edition.yaml",
            "participant_count: 150",
            "participant_count: 150\nstreams:\n  - id: wall\n    url: //mastodon.example/t.rss",
            ":10: [streams[0].url]",
            "'https://mastodon.example/t.rss'",
        ),
        (
            "editions/2009/edition.yaml",
            "participant_count: 150",
            "participant_count: 150\nlinks:\n  - url: www.example.org/photos\n    type: photos",
            ":9: [links[0].url]",
            "'https://www.example.org/photos'",
        ),
        (
            "people/bob.yaml",
            "listed: true",
            "listed: true\nblog: bob.example.net",
            ":3: [blog]",
            "'https://bob.example.net'",
        ),
        (
            "posts/report.en.md",
            "Text.",
            "See [the photos](www.example.org/photos) and [home](../index.html).",
            ":6: [link]",
            "'https://www.example.org/photos'",
        ),
    ],
    ids=["feed", "stream", "edition-link", "blog", "markdown-link"],
)
def test_address_without_its_scheme(site, relative, old, new, located, fixed):
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", "no scheme", fixed)
    assert len(lines) == 1, lines


def test_a_feed_may_still_be_a_path_in_the_project(site):
    rewrite(
        site,
        "people/alice.yaml",
        "blog: https://alice.example.org/",
        "blog: https://alice.example.org/\nfeed: data/feeds/alice.xml",
    )
    code, output = invoke_build(site)
    assert code == 0, output


def test_session_translation_without_its_original(site):
    site.write("editions/2009/sessions/panel.en.md", "Title: Panel\n\nText.\n")
    lines = check_stops(
        site,
        "content/editions/2009/sessions/panel.en.md:1: [Lang]",
        "original is missing",
        "panel.zh-Hans.md",
    )
    assert len(lines) == 1, lines


def test_original_without_its_time_is_located(site):
    rewrite(site, TOOLS, "Start: 2009-11-15 10:00\n", "")
    check_stops(site, f"content/{TOOLS}:1: [Start]", "missing required key 'Start'")


def test_edition_ending_before_it_starts_has_no_follow_on(site):
    rewrite(site, "editions/2009/edition.yaml", "end: 2009-11-15", "end: 2009-11-13")
    lines = check_stops(site, "content/editions/2009/edition.yaml:3: [end]", "before start")
    assert len(lines) == 1, lines


def test_post_date_at_a_clock_change(site):
    rewrite(site, "conference.yaml", "timezone: Asia/Shanghai", "timezone: Europe/Paris")
    rewrite(site, "posts/report.en.md", "Date: 2009-11-16 21:00", "Date: 2010-03-28 02:30")
    check_stops(site, "content/posts/report.en.md:2: [Date]", "does not exist in Europe/Paris")


def test_session_slides_without_scheme(site):
    rewrite(site, KEYNOTE, "Speakers: alice", "Speakers: alice\nSlides: slides.example.org/k")
    check_stops(site, f"content/{KEYNOTE}:7: [Slides]", "'https://slides.example.org/k'")


def test_fullwidth_separator_in_yaml_keywords(site):
    rewrite(site, "editions/2009/edition.yaml", "participant_count: 150", "keywords: 年会、连州")
    check_stops(site, "content/editions/2009/edition.yaml:7: [keywords]", "'、'", "[年会, 连州]")


def test_people_file_with_another_extension(site):
    site.path("people/bob.yaml").rename(site.path("people/bob.yml"))
    lines = check_stops(site, "content/people/bob.yml: [folder]", "<person-id>.yaml")
    assert not any("unknown person" in line for line in lines), lines


def test_a_draft_post_builds(site):
    """Pelican writes drafts with a category, which this site's posts have none of."""
    rewrite(site, "posts/report.en.md", "Edition: 2009", "Edition: 2009\nStatus: draft")
    code, output = invoke_build(site)
    assert code == 0, output
    assert (site.output / "en/drafts/report.html").is_file()


def test_room_list_without_a_room(site):
    rewrite(site, KEYNOTE, "Room: main", "Room: ,")
    check_stops(site, f"content/{KEYNOTE}:4: [Room]", "names no room")


def test_bad_session_id_is_the_root_cause(site):
    rewrite(site, KEYNOTE, "Title: 微动力", "Title: 微动力\nSession: Bad Id")
    lines = check_stops(site, f"content/{KEYNOTE}:2: [Session]", "'Bad Id'")
    assert not any("keynote.en.md" in line for line in lines), lines


def test_lang_key_that_makes_two_files_one_url(site):
    rewrite(site, "posts/report.en.md", "Edition: 2009", "Edition: 2009\nLang: zh-Hans")
    lines = check_stops(site, "content/posts/report.en.md:5: [Lang]", "already used")
    assert len(lines) == 1, lines


def test_malformed_rooms_are_the_root_cause(site):
    rewrite(site, "editions/2009/edition.yaml", "rooms:\n", "rooms: 5\nunused:\n")
    lines = check_stops(site, "content/editions/2009/edition.yaml:")
    assert not any("unknown room" in line for line in lines), lines


@pytest.mark.parametrize(
    ("relative", "old", "new", "located"),
    [
        ("posts/report.en.md", "Authors: alice, bob", "Authors: alice, bob\nTitle: Again", ":4:"),
        (
            "posts/report.en.md",
            "Authors: alice, bob",
            "Authors: alice, bob\nDate: 2009-11-17",
            ":4:",
        ),
        (KEYNOTE, "Speakers: alice", "Speakers: alice\nSpeakers: bob", ":7:"),
    ],
    ids=["title", "date", "speakers"],
)
def test_key_given_twice(site, relative, old, new, located):
    """Pelican makes most keys given twice a list (a title of two) without a word."""
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", "given twice")
    assert len(lines) == 1, lines


def test_required_name_that_is_empty(site):
    rewrite(site, "people/carol.yaml", "name: Carol", 'name: ""')
    check_stops(site, "content/people/carol.yaml:1: [name]", "is empty")


def test_speaker_listed_twice(site):
    rewrite(site, KEYNOTE, "Speakers: alice", "Speakers: alice, alice")
    check_stops(site, f"content/{KEYNOTE}:6: [Speakers]", "listed twice")


def test_person_ids_as_one_yaml_text(site):
    rewrite(
        site,
        "editions/2009/edition.yaml",
        "participants: [alice, bob, carol]",
        "participants: a, b",
    )
    check_stops(site, "content/editions/2009/edition.yaml:8: [participants]", "[a, b]")


@pytest.mark.parametrize(
    ("relative", "old", "new", "located"),
    [
        ("people/carol.yaml", "name: Carol\nlisted: false\n", "name：Carol\n", ":1: [name]"),
        (
            "people/alice.yaml",
            "name: {zh-Hans: 爱丽丝, en: Alice}",
            "name: {zh-Hans：爱丽丝, en: Alice}",
            ":1: [zh-Hans]",
        ),
        ("editions/2009/edition.yaml", "  - id: side\n", "  - id：side\n", ":13: [id]"),
    ],
    ids=["whole-file", "flow-mapping", "nested"],
)
def test_fullwidth_colon_anywhere_in_yaml(site, relative, old, new, located):
    rewrite(site, relative, old, new)
    check_stops(site, f"content/{relative}{located}", "full-width '：'")


def test_no_folder_is_unknown_when_pelican_reads_them_all(site):
    """With ARTICLE_PATHS = [""] (Pelican's default), every folder is read."""
    from plugins.conference.layout import check_layout
    from plugins.core.errors import ProblemCollector
    from plugins.core.siteconfig import site as site_facts

    site.write("notes/n.en.md", "Title: N\nDate: 2009-11-16\n\nN.\n")
    problems = ProblemCollector()
    settings = site.settings(ARTICLE_PATHS=[""])
    check_layout(settings, site_facts(settings), problems)
    assert problems.problems == []
    settings = site.settings()
    check_layout(settings, site_facts(settings), problems)
    assert [p.where for p in problems.problems] == ["folder"]


def test_session_time_with_the_zones_offset_builds(site):
    rewrite(site, KEYNOTE, "Start: 2009-11-14 09:30", "Start: 2009-11-14 09:30 +08:00")
    rewrite(site, KEYNOTE, "End: 2009-11-14 10:30", "End: 2009-11-14T10:30:00+08:00")
    code, output = invoke_build(site)
    assert code == 0, output


def test_a_text_may_begin_with_a_word_and_a_fullwidth_colon(site):
    site.write("editions/2009/roundup.zh-Hans.md", "PS：连州的照片在相册里。\n")
    rewrite(site, TOOLS, "只有中文。", "Note：只有中文。")
    code, output = invoke_build(site)
    assert code == 0, output
