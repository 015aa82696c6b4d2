"""``invoke dev``'s fast preview: re-render the pages of a saved Markdown file at once.

After a good build, the fork of the warm process that ran it (:data:`plugins.core.devbuild.
WARM_SCRIPT`) does not exit: it keeps Pelican's objects of that build (the generators with
their context, readers and Jinja environment) and waits on a pipe (:func:`serve`). When
only Markdown files of content that build read are saved, :meth:`Recorder.preview`:

1. re-reads each file through the same readers as the build (Pelican's ``read_file``, with
   the articles' or pages' signals for posts and pages), so every plugin's metadata
   handling and the Markdown sanitizing run as in the build;
2. updates the build's content object in place with what changed in the file, and every
   copy of it that the languages plugin placed in another tree (a zh-Hant version, a
   fallback with a notice) where the copy still shares the original's value;
3. replays, with a writer of the same class writing into a scratch folder, every page
   write of the build that was given that content object or one of its copies (each
   language's page, converted and typeset by the same ``content_written`` handlers).

The dev loop (:mod:`plugins.core.devserver`) then copies those pages atomically onto the
served folder, tells the tabs to reload, and runs the full (cached) build as before, whose
mirror replaces the preview with a clean build's bytes (so listings, feeds and anything a
preview leaves stale are right once it ends). Whatever the preview cannot do exactly falls
back to the full build alone: a file the build did not read (new, deleted, not content), a
change of metadata other than free text (:data:`FREE_TEXT`: authors, an edition, a date or
tags are checked and linked by later stages of the build), a change to a value a plugin
transformed after reading, any log line at WARNING or above, any exception. Hugo's ``hugo
server`` does the same (a partial re-render first).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

#: attributes whose change moves or hides a page: the preview leaves those to the build
PLACEMENT = frozenset(
    {
        "slug",
        "lang",
        "status",
        "template",
        "save_as",
        "url",
        "override_save_as",
        "override_url",
        "translation",
        "in_default_lang",
        "source_path",
        "relative_source_path",
    }
)
#: the metadata a preview may change: free text, which no later stage checks or links (a
#: change to any other field, such as authors, edition, date or tags, waits for the build)
FREE_TEXT = frozenset({"title", "summary", "description", "subtitle"})
#: attributes of a content object that are not read from its file (the URL memo: .urlmemo)
NOT_READ = frozenset({"_context", "settings", "_url_memo"})
_MISSING = object()


class Skip(Exception):
    """The preview cannot render this save exactly; the full build alone handles it."""


class _Capture(logging.Handler):
    """Keeps the log records of a preview instead of printing them (the build that
    follows prints its own)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _snapshot(values: dict) -> dict:
    # dicts (metadata) are copied: plugins change them in place after reading
    return {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}


class Recorder:
    """Records a build (its Pelican object, generators, content as read, page writes) in
    the fork that runs it, then re-renders saved files' pages (:meth:`preview`)."""

    def __init__(self) -> None:
        self.pelican: Any = None
        self.generators: list[Any] = []
        self.read: dict[int, tuple[Any, dict]] = {}  # id -> (content, its attributes as read)
        self.writes: list[tuple[tuple, dict]] = []
        self.written: list[str] | None = None  # content_written paths during a preview
        signals.initialized.connect(self._initialized, weak=False)
        signals.all_generators_finalized.connect(self._generators, weak=False)
        signals.content_written.connect(self._content_written, weak=False)

    def _initialized(self, pelican: Any) -> None:
        self.pelican = pelican
        # connected now, after the plugins' handlers: a content object is recorded as
        # they left it
        signals.content_object_init.connect(self._content_read, weak=False)
        make_writer = pelican._get_writer

        def recording_writer() -> Any:
            writer = make_writer()
            write_file = writer.write_file

            def write(*args: Any, **kwargs: Any) -> Any:
                self.writes.append((args, dict(kwargs)))
                return write_file(*args, **kwargs)

            # this process is a throwaway fork of the warm one: the instance attributes
            # set here record this build's writes and leave no trace anywhere else
            writer.write_file = write
            return writer

        pelican._get_writer = recording_writer

    def _content_read(self, content: Any) -> None:
        if self.written is None:  # the build's objects, not the preview's
            self.read[id(content)] = (content, _snapshot(content.__dict__))

    def _generators(self, generators: Any) -> None:
        self.generators = list(generators)

    def _content_written(self, path: str, context: Any = None) -> None:
        if self.written is not None:
            self.written.append(path)

    def preview(self, paths: list[str], into: str) -> dict:
        """Re-render the pages of ``paths`` (absolute) into the folder ``into`` (emptied
        first); ``{"written": [relative paths]}`` or ``{"skipped": reason}``."""
        scratch = Path(into)
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        capture = _Capture()
        root = logging.getLogger()
        handlers, level = root.handlers[:], root.level
        root.handlers[:] = [capture]
        self.written = []
        try:
            self._render(paths, scratch)
            if capture.records:
                raise Skip(capture.records[0].getMessage().splitlines()[0])
            written = sorted(
                {Path(p).resolve().relative_to(scratch.resolve()) for p in self.written}
            )
            return {"written": [p.as_posix() for p in written]}
        except Skip as skip:
            return {"skipped": str(skip)}
        except Exception as error:  # anything else: the full build will say it properly
            return {"skipped": f"{type(error).__name__}: {error}".splitlines()[0]}
        finally:
            self.written = None
            root.handlers[:] = handlers
            root.setLevel(level)

    def _render(self, paths: list[str], scratch: Path) -> None:
        if self.pelican is None or not self.writes:
            raise Skip("no build to preview from")
        context = self.generators[0].context
        known = {
            os.path.realpath(c.source_path): c
            for c in context.get("generated_content", {}).values()
            if isinstance(c, Content) and c.source_path
        }
        targets = []
        for path in paths:
            original = known.get(os.path.realpath(path))
            if original is None or id(original) not in self.read:
                raise Skip(f"{path} is not a page the last build read")
            targets.append(original)
        replays = []
        for original in targets:
            replays.extend(self._update(original))
        if not replays:
            raise Skip("no page to re-render")
        settings = self.pelican.settings
        render_cache = settings.get("RENDER_CACHE")
        # a writer class of our own (its claims apart from the build's), made with the
        # render cache off: making one would start a build's cache, deleting the keys the
        # last build stored, and the full build that follows would render every page
        settings["RENDER_CACHE"] = False
        try:
            writer_class = type(type(self.pelican)._get_writer(self.pelican))
        finally:
            settings["RENDER_CACHE"] = render_cache
        writer = writer_class(str(scratch), settings=self.pelican.settings)
        writer.render_cache = None  # always render: the preview is for changed content
        for memoized in (Content.get_content, Content.get_summary):  # Pelican's memo
            memoized.cache.clear()  # type: ignore[attr-defined]
        for args, kwargs in replays:
            writer.write_file(*args, **kwargs)

    def _update(self, original: Any) -> list[tuple[tuple, dict]]:
        """Re-read ``original``'s file, update it and its copies in place; the writes to
        replay."""
        fresh = self._reread(original)
        _, as_read = self.read[id(original)]
        changed = {
            k: v
            for k, v in fresh.__dict__.items()
            if k not in NOT_READ and as_read.get(k, _MISSING) != v
        }
        fields = {
            k
            for k in {*(as_read.get("metadata") or {}), *fresh.metadata}
            if (as_read.get("metadata") or {}).get(k, _MISSING) != fresh.metadata.get(k, _MISSING)
        }
        if fields - FREE_TEXT:  # a reference, a date, tags...: checked by the build's stages
            raise Skip(f"{original.source_path}: {sorted(fields - FREE_TEXT)} changed")
        if PLACEMENT & changed.keys():
            raise Skip(f"{original.source_path}: {sorted(PLACEMENT & changed.keys())} changed")
        copies = {
            id(v): v
            for _args, kwargs in self.writes
            for v in kwargs.values()
            if isinstance(v, Content)
            and v is not original
            and getattr(v, "source_path", None) == original.source_path
        }
        before = dict(original.__dict__)
        for key, value in changed.items():
            if key == "metadata":
                self._update_metadata(original, as_read.get(key) or {}, value)
                continue
            if original.__dict__.get(key, _MISSING) is not as_read.get(key, _MISSING):
                raise Skip(f"{original.source_path}: {key} is set by a plugin after reading")
            original.__dict__[key] = value
            for copy in copies.values():
                if copy.__dict__.get(key, _MISSING) is before.get(key, _MISSING):
                    copy.__dict__[key] = value
        self.read[id(original)] = (original, _snapshot(fresh.__dict__))
        ours = {id(original), *copies}
        return [
            (args, kwargs)
            for args, kwargs in self.writes
            if any(id(v) in ours for v in kwargs.values())
        ]

    @staticmethod
    def _update_metadata(original: Any, as_read: dict, fresh: dict) -> None:
        metadata = original.metadata
        for key in {*as_read, *fresh}:
            old, new = as_read.get(key, _MISSING), fresh.get(key, _MISSING)
            if old == new:
                continue
            if metadata.get(key, _MISSING) != old:
                raise Skip(f"{original.source_path}: {key} is set by a plugin after reading")
            if new is _MISSING:
                metadata.pop(key, None)
            else:
                metadata[key] = new

    def _reread(self, original: Any) -> Any:
        """``original``'s file read again as the build read it."""
        kind = type(original)
        generator = next((g for g in self.generators if hasattr(g, "readers")), None)
        owners = {Article: (ArticlesGenerator, "article"), Page: (PagesGenerator, "page")}
        extra: dict[str, Any] = {}
        if kind in owners:
            # the generator that read it, so its preread and context signals are sent
            owner, name = owners[kind]
            generator = next((g for g in self.generators if isinstance(g, owner)), generator)
            prefix = f"{name}_generator"
            extra = {
                "preread_signal": getattr(signals, f"{prefix}_preread"),
                "preread_sender": generator,
                "context_signal": getattr(signals, f"{prefix}_context"),
                "context_sender": generator,
            }
        if generator is None:
            raise Skip("no reader")
        fresh = generator.readers.read_file(
            base_path=generator.path,
            path=original.relative_source_path,
            content_class=kind,
            context=generator.context,
            **extra,
        )
        # a session's text has no URL of its own until the conference generator gives it one
        valid = fresh.is_valid() if kind in owners else fresh._has_valid_mandatory_properties()
        if type(fresh) is not kind or not valid:
            raise Skip(f"{original.source_path} is not valid")
        return fresh


def serve(recorder: Recorder, requests: int, replies: int) -> None:
    """Answer preview requests (JSON lines: ``{"preview": [paths], "into": folder}``) from
    the file descriptor ``requests`` on ``replies`` until the warm process closes it."""
    with (
        os.fdopen(requests, "r", encoding="utf-8") as asked,
        os.fdopen(replies, "w", encoding="utf-8") as answers,
    ):
        for line in asked:
            request = json.loads(line)
            answer = recorder.preview(list(request["preview"]), str(request["into"]))
            answers.write(json.dumps(answer) + "\n")
            answers.flush()
