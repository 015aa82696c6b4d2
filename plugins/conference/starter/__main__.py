"""``python -m plugins.conference.starter new|manifest``: what ``invoke new-conference`` runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.conference.starter import sample
from plugins.conference.starter.create import StarterError, plan, replace_sample, untranslated

NEXT_STEPS = """\
Next: edit content/conference.yaml (site_url above all), content/pages/ and \
content/editions/{edition}/, replace content/people/{person}.yaml with the real organizers, \
then `invoke build serve`; README.md still describes the sample: rewrite its top, and \
`invoke screenshots` takes new pictures (README, "Start your own conference")."""


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status (2: bad option or content not the sample)."""
    parser = argparse.ArgumentParser(prog="python -m plugins.conference.starter")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="replace the sample with a minimal conference")
    new.add_argument("--root", type=Path, required=True)
    new.add_argument("--name", required=True)
    new.add_argument("--languages", required=True)
    new.add_argument("--timezone", required=True)
    new.add_argument("--edition", required=True)
    new.add_argument("--start", default="")
    new.add_argument("--city", default="")
    new.add_argument("--site-url", default="")
    new.add_argument("--force", action="store_true")
    manifest = commands.add_parser("manifest", help="list the sample's digests again")
    manifest.add_argument("--root", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "manifest":
        count = sample.write_manifest(args.root)
        print(f"Wrote {count} digests to {sample.MANIFEST}")
        return 0
    from plugins.conference.starter.create import PERSON

    try:
        new_plan = plan(
            args.name,
            args.languages,
            args.timezone,
            args.edition,
            args.start,
            args.city,
            args.site_url,
        )
        removed = replace_sample(args.root, new_plan, force=args.force)
    except StarterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("Removed the sample conference: " + (", ".join(removed) or "nothing was left"))
    tags = ", ".join(lang.tag for lang in new_plan.languages)
    print(
        f"Wrote content/ for {new_plan.name} ({tags}; edition {new_plan.edition} in "
        f"{new_plan.timezone}): conference.yaml, one edition with one session, one person, "
        "an About page and a code of conduct in each language."
    )
    for tag in untranslated(new_plan):
        folder = new_plan.languages.get(tag).catalog_dir
        print(
            f"note: {tag}: the starter pages are in English, marked to be translated; the "
            f"theme has no catalog for {tag}, so its menus show in English until you run "
            f"`invoke i18n-update` and translate translations/{folder}/LC_MESSAGES/messages.po"
        )
    print(NEXT_STEPS.format(edition=new_plan.edition, person=PERSON))
    return 0


if __name__ == "__main__":
    sys.exit(main())
