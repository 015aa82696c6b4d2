"""plugins/conference/planner.py: filter options and keys, wrap points in room names, day
windows across a DST change, and the sessions.json the browser tools read."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from plugins.conference.exports.common import ExportContext
from plugins.conference.model import Edition, Localized, Room, Session
from plugins.conference.planner import (
    breakable,
    day_windows,
    planner_data,
    schedule_facets,
    track_key,
)
from plugins.core.langtags import make_language, make_language_set

BRUSSELS = ZoneInfo("Europe/Brussels")
LANGUAGES = make_language_set([make_language(t) for t in ("zh-Hans", "en", "fr")], "en")
EN = LANGUAGES.get("en")


def _text(title: str, track: str, lang: str = "en"):
    return SimpleNamespace(title=title, track=track, lang=lang)


def _edition() -> Edition:
    rooms = {
        rid: Room(rid, Localized({"en": name}))
        for rid, name in [("k", "K.fosdem"), ("d", "D.declarative.minimalistic"), ("h", "H.2215")]
    }
    edition = Edition(
        id="fosdem",
        number=1,
        start=date(2021, 3, 27),
        end=date(2021, 3, 28),
        timezone=BRUSSELS,
        city=Localized({"en": "Brussels"}),
        source_path="x",
        rooms=rooms,
    )

    def session(sid, day, hour, room, track, kind="talk", language="en"):
        start = datetime(2021, 3, day, hour, tzinfo=BRUSSELS)
        return Session(
            id=sid,
            edition=edition,
            start=start,
            end=start.replace(hour=hour + 1),
            rooms=[rooms[room]],
            texts={"en": _text(sid.title(), track)},
            original="en",
            language=language,
            type=kind,
        )

    edition.sessions = [
        session("welcome", 27, 9, "k", "Keynotes", "keynote"),
        session("nix", 27, 10, "d", "Declarative and Minimalistic Computing"),
        session("guix", 28, 10, "d", "Declarative and Minimalistic Computing", language="de"),
        session("coffee", 28, 11, "h", "", "break"),
    ]
    return edition


def test_facets_list_used_options_and_key_each_session():
    facets = schedule_facets(_edition(), EN)
    by_name = {f.name: f for f in facets.filters}
    assert [k for k, _ in by_name["track"].options] == [
        "declarative-and-minimalistic-computing",
        "keynotes",
    ]
    assert [k for k, _ in by_name["room"].options] == ["k", "d", "h"]
    assert [k for k, _ in by_name["type"].options] == ["keynote", "talk", "break"]
    assert sorted(k for k, _ in by_name["lang"].options) == ["de", "en"]
    assert facets.track_key["guix"] == "declarative-and-minimalistic-computing"
    assert facets.track_key["coffee"] == ""


def test_track_keys_of_non_latin_tracks_are_stable():
    session = SimpleNamespace(texts={"zh-Hans": _text("t", "媒体与传播")}, original="zh-Hans")
    key = track_key(session)
    assert key.startswith("t") and len(key) == 9 and key == track_key(session)


def test_room_names_wrap_after_dots_only_between_words():
    assert str(breakable("D.declarative.minimalistic")) == "D.<wbr>declarative.<wbr>minimalistic"
    assert str(breakable("<i>R&D.lab")) == "&lt;i&gt;R&amp;D.<wbr>lab"  # escaped
    assert str(breakable("Room 1.")) == "Room 1."


def test_day_windows_follow_the_zone_across_daylight_saving():
    windows = day_windows(_edition())
    assert [w["start"] for w in windows] == [
        "2021-03-27T00:00:00+01:00",
        "2021-03-28T00:00:00+01:00",
    ]
    assert windows[1]["end"] == "2021-03-29T00:00:00+02:00"  # clocks went forward


def test_planner_data_shares_the_calendars_uids():
    edition = _edition()
    conference = SimpleNamespace(site_url="https://conf.example.org", name="Conf")
    ctx = ExportContext(conference, edition, LANGUAGES, EN)
    data = planner_data(ctx, edition, EN)
    first = data["sessions"][0]
    assert first["uid"] == ctx.session_uid(edition.sessions[0])
    assert first["start"] == "2021-03-27T09:00:00+01:00"
    assert first["url"] == "sessions/welcome.html"
    assert data["rooms"]["d"] == "D.declarative.minimalistic"
    guix = next(s for s in data["sessions"] if s["id"] == "guix")
    assert guix["start"].endswith("+02:00")
    # the local times name their zone, the one in force then (summer time for guix)
    from plugins.conference.grid import zone_label

    assert first["when"].endswith(" " + zone_label(edition.sessions[0].start, EN.locale))
    assert guix["when"].endswith(" " + zone_label(datetime(2021, 3, 28, 12, tzinfo=BRUSSELS), "en"))
    assert first["when"] != guix["when"]
