"""What the scheduled CI workflows ask of the project (``.github/workflows/archive.yml``,
``.gitlab-ci.yml``): ``python -m deploy.unattended window`` says whether an edition is on.

The workflows run twice over: daily, and every 10 minutes. The frequent run goes on only
while an edition is on (from the day before its start to the day after its end, in its
time zone), so the wall and the planet follow the event closely; the rest of the year a
frequent run stops after this check, with no fetch and no deploy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
MARGIN = dt.timedelta(days=1)


def editions_on(root: Path, now: dt.datetime, margin: dt.timedelta = MARGIN) -> list[str]:
    """The ids of the editions on at ``now`` (aware), margin included; a located
    :class:`~plugins.core.errors.ContentError` for an unreadable edition file."""
    sys.path.insert(0, str(root))
    from plugins.core.errors import ContentError, Problem, shown
    from plugins.core.yamlio import load_yaml_mapping

    on = []
    for path in sorted((root / "content" / "editions").glob("*/edition.yaml")):
        data = load_yaml_mapping(path)
        start, end, zone = data.get("start"), data.get("end"), data.get("timezone")
        if not (isinstance(start, dt.date) and isinstance(end, dt.date) and isinstance(zone, str)):
            problem = "start, end or timezone missing; expected YYYY-MM-DD dates and an IANA zone"
            raise ContentError([Problem(str(path), problem, "start", 1)])
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            message = f"unknown time zone {shown(zone)}; expected an IANA name (Asia/Shanghai)"
            raise ContentError([Problem(str(path), message, "timezone")]) from None
        first = dt.datetime.combine(start, dt.time(), tz) - margin
        last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz) + margin
        if first <= now < last:
            on.append(path.parent.name)
    return on


def main(argv: list[str] | None = None) -> int:
    """``window [--now ISO]``: print ``on=true|false`` and ``editions=...`` (lines for
    $GITHUB_OUTPUT or a shell's eval); exit 1 with one located line on a bad file."""
    parser = argparse.ArgumentParser(prog="python -m deploy.unattended")
    sub = parser.add_subparsers(dest="command", required=True)
    window = sub.add_parser("window", help="is an edition on now?")
    window.add_argument("--now", help="ISO 8601 time with its offset (default: now)")
    window.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        parser.error("--now needs an offset, e.g. 2009-11-14T10:00+08:00")
    from plugins.core.errors import ContentError

    try:
        on = editions_on(args.root.resolve(), now)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(args.root), file=sys.stderr)
        return 1
    print(f"on={'true' if on else 'false'}")
    print(f"editions={','.join(on)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
