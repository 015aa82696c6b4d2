"""``python -m deploy [--check]``: write (or compare) the server configurations."""

from deploy.generate import main

if __name__ == "__main__":
    raise SystemExit(main())
