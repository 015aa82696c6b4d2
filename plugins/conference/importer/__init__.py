"""``invoke import-schedule``: turn a pretalx or frab schedule into content files.

- :mod:`.source` reads a file or http(s) URL and detects JSON or XML;
- :mod:`.read_json` and :mod:`.read_xml` parse them leniently into :mod:`.model` objects;
- :mod:`.convert` maps them onto the content model (docs/content.md), dropping what the
  model forbids (overlaps in one room, sessions without a length) with a note for each;
- :mod:`.talklang` decides each talk's language, :mod:`.people` links speakers to people
  only on explicit evidence;
- :mod:`.manifest` records what an import wrote; :mod:`.changes` decides, file by file,
  whether to create, update, move, remove or leave alone, and :mod:`.undo` takes an
  import back;
- :mod:`.cli` is the command line.
"""
