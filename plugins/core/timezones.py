"""IANA time zones, and suggestions for what organizers write instead of one.

Organizers write ``Beijing``, ``CST``, ``UTC+8`` or ``GMT+08:00``. The suggestions come from
data, not a table of our own: zoneinfo (the zones, their offsets and abbreviations, and the
comments of tzdata's ``zone1970.tab`` such as "Beijing Time") and Babel's CLDR data (the
exemplar city of every zone and the names of countries and metazones, in the site's
languages and English). Zones of the countries where the site's languages are most spoken
come first, so ``UTC+8`` suggests ``Asia/Shanghai`` first on a Chinese site.

:func:`local_time` makes a wall-clock time of an edition an instant, refusing the times
that do not exist or happen twice when the clocks change.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError, dates
from babel.core import get_global, parse_locale

_OFFSET = re.compile(r"^(?:UTC|GMT|Z)?\s*([+\-\u2212])\s*(\d{1,2})(?:[:h.]?(\d{2}))?$", re.I)
MAX_SUGGESTIONS = 3


def make_timezone(name: object, languages: Iterable[str] = ()) -> ZoneInfo:
    """An IANA zone; raises ValueError with suggestions when ``name`` is not one.

    ``languages`` are the site's language tags: they order the suggestions.
    """
    try:
        if not isinstance(name, str) or ("/" not in name and name != "UTC"):
            raise ZoneInfoNotFoundError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        close = suggest_timezones(str(name), tuple(languages))
        quoted = [repr(zone) for zone in close]
        hint = ""
        if quoted:
            listed = ", ".join(quoted[:-1]) + " or " if len(quoted) > 1 else ""
            hint = f" (did you mean {listed}{quoted[-1]}?)"
        raise ValueError(
            f"unknown time zone {name!r}{hint}; expected an IANA name such as 'Asia/Shanghai' "
            "(Area/City)"
        ) from None


@lru_cache(maxsize=64)
def suggest_timezones(text: str, languages: tuple[str, ...] = ()) -> list[str]:
    """Up to :data:`MAX_SUGGESTIONS` IANA zones that ``text`` probably means, best first."""
    text = text.strip()
    offset = _offset_of(text)
    if offset is not None:
        found = {z for z in _zones() if offset in _offsets(z)}
    elif re.fullmatch(r"[A-Za-z]{2,5}", text) and text.isupper():
        found = _by_abbreviation(text, languages)
    else:
        found = _by_name(text, languages) or set(
            difflib.get_close_matches(text, _zones(), n=MAX_SUGGESTIONS, cutoff=0.8)
        )
    return sorted(found, key=_ranking(languages))[:MAX_SUGGESTIONS]


def _offset_of(text: str) -> timedelta | None:
    match = _OFFSET.match(text.replace(" ", ""))
    if not match:
        return None
    sign = -1 if match[1] in "-\u2212" else 1
    return sign * timedelta(hours=int(match[2]), minutes=int(match[3] or 0))


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    """Canonical zones: those CLDR assigns to a country (no links such as ``PRC``)."""
    return tuple(sorted(z for z in get_global("zone_territories") if _exists(z)))


def _exists(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _instants() -> list[datetime]:
    year = datetime.now().year
    return [datetime(year, 1, 15, 12), datetime(year, 7, 15, 12)]


@lru_cache(maxsize=1024)
def _offsets(zone: str) -> frozenset[timedelta]:
    info = ZoneInfo(zone)
    # a ZoneInfo has an offset at every instant (None is for naive zones)
    return frozenset(offset for m in _instants() if (offset := info.utcoffset(m)) is not None)


def _by_abbreviation(text: str, languages: tuple[str, ...]) -> set[str]:
    found = {z for z in _zones() if text in {ZoneInfo(z).tzname(m) for m in _instants()}}
    metazones = get_global("meta_zones")
    for locale in _locales(languages):
        for metazone, names in locale.meta_zones.items():
            if text in dict(names.get("short", {})).values():
                found |= {z for z, m in metazones.items() if m == metazone and z in _zones()}
    return found


def _by_name(text: str, languages: tuple[str, ...]) -> set[str]:
    wanted = _normal(text)
    found = {z for z in _zones() if _normal(z.rsplit("/", 1)[-1]) == wanted}
    found |= {z for z, comment in _comments().items() if wanted in _normal(comment).split("_")}
    territory_zones = get_global("territory_zones")
    for locale in _locales(languages):
        found |= {
            z
            for z, names in locale.time_zones.items()
            if _normal(names.get("city", "")) == wanted and z in _zones()
        }
        for code, name in locale.territories.items():
            if _normal(name) == wanted:
                found |= set(territory_zones.get(code, ()))
    return found & set(_zones())


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip()).casefold()


@lru_cache(maxsize=1)
def _comments() -> dict[str, str]:
    """Zone -> the comment tzdata's ``zone1970.tab`` gives it (e.g. "Beijing Time")."""
    for text in _zone_tab_texts():
        comments = {}
        for line in text.splitlines():
            fields = line.split("\t")
            if not line.startswith("#") and len(fields) >= 4:
                comments[fields[2]] = fields[3]
        return comments
    return {}


def _zone_tab_texts() -> Iterable[str]:
    """``zone1970.tab`` from the tzdata package zoneinfo uses, else from the system."""
    try:
        files = [resources.files("tzdata.zoneinfo").joinpath("zone1970.tab")]
    except ModuleNotFoundError:
        files = []
    files += [Path(folder) / "zone1970.tab" for folder in TZPATH]
    for file in files:
        try:
            yield file.read_text("utf-8")
        except OSError:
            continue


def _locales(languages: tuple[str, ...]) -> list[Locale]:
    locales = []
    for tag in (*languages, "en"):
        try:
            locales.append(Locale.parse(tag.replace("-", "_")))
        except (ValueError, UnknownLocaleError):
            continue
    return locales


def _ranking(languages: tuple[str, ...]):
    """Sort key: zones of the country where the site's languages are most spoken first
    (CLDR likely subtags: zh-Hans -> CN), then of countries where one is official, then each
    country's main zone; Antarctic stations last."""
    likely = get_global("likely_subtags")
    territory_zones = get_global("territory_zones")
    zone_territories = get_global("zone_territories")
    spoken = get_global("territory_languages")
    preferred: list[str] = []
    codes = set()
    for tag in languages:
        try:
            language = parse_locale(tag.replace("-", "_"))[0]
        except ValueError:
            continue
        codes.add(language)
        territory = parse_locale(likely.get(language, "und"))[1]
        preferred.extend(territory_zones.get(territory, ()) if territory else ())

    def official(territory: str) -> bool:
        return any(
            status.get("official_status") and name.split("_")[0] in codes
            for name, status in spoken.get(territory, {}).items()
        )

    def key(zone: str) -> tuple:
        territory = zone_territories.get(zone, "")
        main = territory_zones.get(territory, [zone])[0] == zone
        return (
            preferred.index(zone) if zone in preferred else len(preferred),
            not official(territory),
            not main,
            zone.startswith("Antarctica/"),
            zone,
        )

    return key


def local_time(written: datetime, zone: ZoneInfo) -> datetime:
    """``written`` as an aware time in ``zone``; ValueError says why it cannot be one.

    A naive ``written`` is a wall-clock time. On the night the clocks go forward, the
    times between do not exist; on the night they go back, those times happen twice. Both
    are refused, naming the two possible readings with the zone's offsets (zoneinfo's
    ``fold`` tells them apart, PEP 495), so pages, frab and ``.ics`` never disagree. An
    aware ``written`` (``09:30+08:00``) settles which one is meant; its offset must be the
    zone's at that instant.
    """
    if written.tzinfo is not None:
        local = written.astimezone(zone)
        if local.utcoffset() != written.utcoffset():
            raise ValueError(
                f"has the offset {offset(written.utcoffset())}, but {zone.key} is at "
                f"{offset(local.utcoffset())} then; expected "
                f"'{local:%Y-%m-%d %H:%M}{offset(local.utcoffset())}' or the local time "
                "without an offset"
            )
        return local
    first, second = written.replace(tzinfo=zone, fold=0), written.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    shown = f"{written:%Y-%m-%d %H:%M}"
    if _round_trip(first) == written.replace(tzinfo=None):  # a time that happens twice
        readings = " or ".join(f"'{shown}{offset(t.utcoffset())}'" for t in (first, second))
        raise ValueError(
            f"happens twice in {zone.key} (the clocks go back that night, from "
            f"{offset(first.utcoffset())} to {offset(second.utcoffset())}); expected the "
            f"time with the offset of the one meant: {readings}"
        )
    readings = " or ".join(
        f"{_utc(t).astimezone(zone):%H:%M} ({offset(_utc(t).astimezone(zone).utcoffset())}, "
        f"if {written:%H:%M} is read as {offset(t.utcoffset())})"
        for t in (second, first)
    )
    raise ValueError(
        f"does not exist in {zone.key} (the clocks go forward that night, from "
        f"{offset(first.utcoffset())} to {offset(second.utcoffset())}); expected a time "
        f"that exists, e.g. {readings}"
    )


def offset(delta: timedelta | None) -> str:
    """``+08:00``, ``-03:30``."""
    minutes = int((delta or timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def shown_zone_name(zone: ZoneInfo, locale: Locale | str, moments: Iterable[datetime]) -> str:
    """The name a page whose days and times are all in ``zone`` states once (see
    :func:`zone_name`): when ``moments``, the instants it shows, share one offset, the
    name at that offset (``China Standard Time``, ``heure normale d’Europe centrale``);
    across a change of the clocks, or without moments, the generic one."""
    offsets = {moment.astimezone(zone).utcoffset(): moment for moment in moments}
    return zone_name(zone, locale, next(iter(offsets.values())) if len(offsets) == 1 else None)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _round_trip(moment: datetime) -> datetime:
    return _utc(moment).astimezone(moment.tzinfo).replace(tzinfo=None, fold=0)


def zone_name(
    zone: tzinfo | datetime, locale: Locale | str, when: date | datetime | None = None
) -> str:
    """A time zone as readers of ``locale`` know it, from CLDR (Babel), never its IANA
    key: ``中国标准时间``, ``heure normale de la Chine``, ``China Standard Time`` for
    Asia/Shanghai at ``when`` (a datetime, or a day: its noon in ``zone``); without
    ``when``, the name for the whole year (``中国时间``, ``heure d’Europe centrale``),
    right whichever side of a clock change a page speaks of. ``zone`` may be an aware
    datetime: its zone at that moment. A zone CLDR does not name is written as its
    city (``heure : Chine (Shanghai)``)."""
    if isinstance(zone, datetime):
        tz, when = zone.tzinfo, zone
    else:
        tz = zone
        if isinstance(when, date) and not isinstance(when, datetime):
            when = datetime.combine(when, time(12), tzinfo=tz)
    if when is None:
        return dates.get_timezone_name(tz, "long", locale=locale, zone_variant="generic")
    return dates.get_timezone_name(when.astimezone(tz), "long", locale=locale)
