"""Plugin settings declared once: default, type, validation and documentation together.

Each plugin's ``settings.py`` declares one frozen dataclass derived from
:class:`PluginSettings`; every field that comes from ``pelicanconf.py`` is declared with
:func:`setting`::

    @dataclass(frozen=True, kw_only=True)
    class RoundupSettings(PluginSettings):
        days_before: int = setting("ROUNDUP_DAYS_BEFORE", 7, integer(minimum=0),
                                   "days before an edition's first day in which posts can match")

and the plugin reads it with ``RoundupSettings.read(pelican_settings)``. A bad value raises
:class:`SettingError`, the one exception for settings: it names the setting, and
:mod:`.report` prints it as one ``pelicanconf.py: [KEY] got …; expected …`` line. The
README's settings tables are :meth:`PluginSettings.table_rows` (``tests/core`` keeps them in
step). Values computed from several settings (a path under ``PATH``) come from
:meth:`PluginSettings.derive`; Pelican's own settings a plugin reads are declared with
``own=False`` (validated by Pelican, left out of the tables).

Reading is a pure function of the values read, memoized on them: a template helper may
call ``read`` for every page at no cost, and a changed setting (``regenerate``) is seen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .errors import Problem, shown

#: The file a setting problem points to (``publishconf.py`` imports it).
SETTINGS_FILE = "pelicanconf.py"


class SettingError(ValueError):
    """A setting has a value a plugin cannot use. ``str()``: ``setting KEY: got …; expected …``."""

    def __init__(self, key: str, got: Any, expected: str, detail: str = ""):
        self.key, self.got, self.expected = key, got, expected
        self.detail = detail or f"got {shown(got)}"
        super().__init__(f"setting {key}: {self.detail}; expected {expected}")

    def problem(self) -> Problem:
        """The located problem :mod:`.report` prints: ``pelicanconf.py: [KEY] got …``."""
        return Problem(SETTINGS_FILE, f"{self.detail}; expected {self.expected}", self.key)


@dataclass(frozen=True)
class Check:
    """Validates and converts one value; ``kind`` is the README's type column."""

    kind: str
    expected: str
    test: Callable[[Any], bool]
    convert: Callable[[Any], Any] = lambda value: value

    def __call__(self, key: str, value: Any) -> Any:
        if not self.test(value):
            raise SettingError(key, value, self.expected)
        return self.convert(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def integer(
    minimum: int | None = None, maximum: int | None = None, *, none: bool = False, kind: str = "int"
) -> Check:
    """A whole number in ``[minimum, maximum]`` (or None when ``none``)."""
    if maximum is not None:
        expected = f"a whole number from {minimum} to {maximum}"
    else:
        expected = f"an integer >= {minimum}" if minimum is not None else "an integer"
    return Check(
        f"{kind} or None" if none else kind,
        f"{expected} or None" if none else expected,
        lambda v: (
            (none and v is None)
            or (
                _is_int(v)
                and (minimum is None or v >= minimum)
                and (maximum is None or v <= maximum)
            )
        ),
    )


def seconds() -> Check:
    """A positive number of seconds, as a float."""
    return Check(
        "float (s)",
        "a number of seconds > 0",
        lambda v: (_is_int(v) or isinstance(v, float)) and v > 0,
        lambda v: float(v),
    )


def boolean() -> Check:
    """True or False (not a truthy string)."""
    return Check("bool", "True or False", lambda v: isinstance(v, bool))


def text(*, none: bool = False, empty: bool = False, expected: str = "") -> Check:
    """A string (non-empty unless ``empty``; or None when ``none``)."""
    kind = "str or None" if none else "str"
    expected = expected or ("a string" if empty else "a non-empty string")
    return Check(
        kind,
        f"{expected} or None" if none else expected,
        lambda v: (none and v is None) or (isinstance(v, str) and bool(empty or v.strip())),
    )


def one_of(*choices: str) -> Check:
    """One of a few strings."""
    return Check(
        " or ".join(f'`"{c}"`' for c in choices),
        f"one of {', '.join(choices)}",
        lambda v: v in choices,
    )


def string_list(
    expected: str,
    item: Callable[[str], bool] = bool,
    convert: Callable[[Any], Any] = tuple,
    kind: str = "list of str",
) -> Check:
    """A list (or tuple) of strings each passing ``item``; converted by ``convert``."""
    return Check(
        kind,
        expected,
        lambda v: (
            isinstance(v, list | tuple | set | frozenset)
            and all(isinstance(i, str) and item(i) for i in v)
        ),
        convert,
    )


def custom(
    kind: str,
    expected: str,
    test: Callable[[Any], bool],
    convert: Callable[[Any], Any] = lambda value: value,
) -> Check:
    """Any other rule: ``test`` says whether a value is usable, ``convert`` types it."""
    return Check(kind, expected, test, convert)


def setting(
    key: str,
    default: Any,
    check: Check | None = None,
    doc: str = "",
    *,
    kind: str = "",
    default_doc: str = "",
    own: bool = True,
) -> Any:
    """Declare the field read from setting ``key``.

    ``check`` validates and converts the value (``None``: taken as is); ``doc`` is the
    README's meaning column, ``kind`` and ``default_doc`` override its type and default
    columns. ``own=False`` marks one of Pelican's settings the plugin reads (not documented
    by the plugin).
    """
    meta = {
        "key": key,
        "default": default,
        "check": check,
        "doc": doc,
        "own": own,
        "kind": kind or (check.kind if check else ""),
        "default_doc": default_doc,
    }
    return dataclasses.field(metadata={"setting": meta})


def derived() -> Any:
    """Declare a field computed by :meth:`PluginSettings.derive`, not read from a setting."""
    return dataclasses.field(metadata={"derived": True})


class PluginSettings:
    """Base of every plugin's settings dataclass (declare it ``frozen=True, kw_only=True``)."""

    #: When set (``"PLANET_"``), a setting with this prefix that is not declared is an error.
    PREFIX: ClassVar[str] = ""
    #: Other Pelican settings :meth:`derive` needs (``PATH``), read with ``.get``.
    USES: ClassVar[tuple[str, ...]] = ()
    #: declared only: every subclass is a dataclass, which ``dataclasses.fields`` reads
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[object]]]

    @classmethod
    def declarations(cls) -> list[dict[str, Any]]:
        """Each declared setting: key, default, check, doc, kind, own, and the field name."""
        found = _DECLARATIONS.get(cls)
        if found is None:
            found = _DECLARATIONS[cls] = [
                {**f.metadata["setting"], "name": f.name}
                for f in dataclasses.fields(cls)
                if "setting" in f.metadata
            ]
        return found

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The plugin's own settings and their defaults."""
        return {d["key"]: d["default"] for d in cls.declarations() if d["own"]}

    @classmethod
    def read(cls, settings: Mapping[str, Any] | None = None):
        """Validate the declared settings in ``settings`` (Pelican's, a template context or
        any mapping; missing keys get their defaults). Raises :class:`SettingError`."""
        settings = settings or {}
        if cls.PREFIX:
            known = cls.defaults()
            for key in settings:
                if isinstance(key, str) and key.startswith(cls.PREFIX) and key not in known:
                    raise SettingError(
                        key,
                        settings[key],
                        f"one of the known {cls.PREFIX}* settings: {', '.join(sorted(known))}",
                        "is not a setting",
                    )
        keys, defaults = _keys_of(cls)
        raw = tuple(map(settings.get, keys, defaults))
        uses = tuple(map(settings.get, cls.USES))
        values = raw + uses
        types = tuple(map(type, values))
        if _SCALARS.issuperset(types):  # the usual case, and fast (a template helper's)
            key = (cls, values, types)
        else:
            try:
                key = (cls, _frozen(raw), _frozen(uses))
            except TypeError:  # a value that cannot be a cache key: validate without it
                return _validate(cls, raw, uses)
        found = _CACHE.get(key)
        if found is None:
            if len(_CACHE) >= 256:
                _CACHE.clear()
            found = _CACHE[key] = _validate(cls, raw, uses)
        return found

    @classmethod
    def derive(cls, values: dict[str, Any], uses: dict[str, Any]) -> dict[str, Any]:
        """Compute the :func:`derived` fields from the validated ``values`` (field name ->
        value) and the :data:`USES` settings; the default derives nothing."""
        return values

    @classmethod
    def table_rows(cls) -> list[str]:
        """The README's table rows: ``| `KEY` | type | `default` | meaning |``."""
        rows = []
        for d in cls.declarations():
            if d["own"]:
                default = d["default_doc"] or f"`{_literal(d['default'])}`"
                rows.append(f"| `{d['key']}` | {d['kind']} | {default} | {d['doc']} |")
        return rows


#: (class, frozen values) -> the validated settings; a pure function of its key.
_CACHE: dict[tuple, Any] = {}
#: class -> its declarations (dataclasses.fields is slow for a template helper's call).
_DECLARATIONS: dict[type, list[dict[str, Any]]] = {}
_KEYS: dict[type, tuple[tuple[str, ...], tuple[Any, ...]]] = {}
#: Types whose values are their own cache key (with the type: 1 and True differ).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _keys_of(cls) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    found = _KEYS.get(cls)
    if found is None:
        declarations = cls.declarations()
        found = _KEYS[cls] = (
            tuple(d["key"] for d in declarations),
            tuple(d["default"] for d in declarations),
        )
    return found


def _validate(cls, raw: tuple, uses: tuple):
    values = {}
    for declaration, value in zip(cls.declarations(), raw, strict=True):
        check = declaration["check"]
        values[declaration["name"]] = check(declaration["key"], value) if check else value
    return cls(**cls.derive(values, dict(zip(cls.USES, uses, strict=True))))


class _Key(tuple):
    """A frozen value that compares only with values of its own Python type."""


def _frozen(value: Any) -> Any:
    # lists become tuples for the cache key; the type is kept so 1 and True and 1.0 differ
    if isinstance(value, list | tuple):
        return _Key((type(value).__name__, *(_frozen(v) for v in value)))
    if isinstance(value, dict):
        return _Key(("dict", *sorted((k, _frozen(v)) for k, v in value.items())))
    hash(value)
    return _Key((type(value).__name__, value))


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    return repr(value)
