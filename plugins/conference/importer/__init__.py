"""``invoke import-schedule``: turn a pretalx or frab schedule into content files.

- :mod:`.source` reads a file or http(s) URL and detects JSON or XML;
- :mod:`.read_json` and :mod:`.read_xml` parse them leniently into :mod:`.model` objects;
- :mod:`.convert` maps them onto the content model (docs/content.md), dropping what the
  model forbids (overlaps in one room, sessions without a length) with a note for each;
- :mod:`.manifest` decides, file by file, whether to create, update or leave alone;
- :mod:`.cli` is the command line.
"""
