"""The tasks behind tasks.py that are not an organizer's: maintainer tooling (tests, locks,
screenshots, Lighthouse, deploy configuration) and the translators' catalogs, one module
per concern. tasks.py imports their tasks, so ``invoke --list`` shows one flat list and
every task keeps its name."""
