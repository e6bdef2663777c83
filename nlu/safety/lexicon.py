"""The safety net's lexicon, read from the data files of ``nlu/safety/lexicon/`` and compiled once.

Layout (one YAML file per danger kind, plus two shared files):

* ``<kind>.yml`` for each of :data:`DANGER_KINDS` — ``kind`` and ``patterns``: a list of entries, each with
  ``id`` (unique across kinds; logged, never the text), ``regex`` (a list of pieces joined without separator),
  ``examples`` (texts the entry must flag as this kind: at least one) and optionally ``unless`` (``regex`` and
  ``examples``: when the exception matches too, the entry does not count; its examples must give no danger);
* ``fragments.yml`` — ``fragments``: named word families (``NOW_FR``, ``KIN_LATN``…) written once and used by
  several patterns: ``{{NAME}}`` in a regex inserts the fragment (fragments may use fragments), ``{{NAME:inner}}``
  inserts it without its enclosing parentheses;
* ``guards.yml`` — ``guards``: the regexes :mod:`nlu.safety.detector` uses around the patterns (figures of speech,
  fiction and news, violence over long ago, the bare plea, danger cues…), each with examples by their expected
  outcome (``danger``, ``no_danger``, ``cue``, ``no_cue``), and ``override_ids``: the pattern ids that no guard
  cancels.

Regexes are written over :func:`nlu.safety.folding.fold`\\ ed text and compiled by
:func:`nlu.safety.folding.compile_folded` (folded like the text, ``\\w*`` bounded), except a guard with
``fold: false`` (compiled as written); a guard with ``raw_text: true`` is matched on the text as received, every
other regex on the folded text. ``tests/safety/test_lexicon.py`` compiles and
exercises every entry with its examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nlu.safety.folding import compile_folded

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

DANGER_KINDS = ("threat_to_life", "self_harm", "injured", "violence_now", "weapon", "hiding", "confinement", "suicidal",
                "followed", "abduction")
"""Every kind of danger now, most urgent first (the escalation's reason keeps the first ones that fit)."""

GUARD_OUTCOMES = ("danger", "no_danger", "cue", "no_cue")
"""The example lists a guard may have, named by what the examples must give."""

_REF = re.compile(r"\{\{([A-Z][A-Z0-9_]*)(:inner)?\}\}")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LexiconError(ValueError):
    """A lexicon file is malformed: unknown fragment, duplicate id, missing examples, wrong kind…"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One pattern of a danger kind: ``id``, ``kind``, the expanded ``regex`` (str, before folding), its
    ``examples`` (texts to flag), and the optional exception ``unless`` (expanded regex or None) with
    ``unless_examples`` (texts to leave without danger)."""

    id: str
    kind: str
    regex: str
    examples: tuple[str, ...]
    unless: str | None
    unless_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Guard:
    """A guard of ``guards.yml``: ``name``, the expanded ``regex``, ``folded`` (False: compiled as written, not
    folded nor bounded), ``raw_text`` (True: matched on the text as received, not on the folded text) and
    ``examples`` (outcome → texts, outcomes from :data:`GUARD_OUTCOMES`)."""

    name: str
    regex: str
    folded: bool
    raw_text: bool
    examples: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: ``rules`` (kind → ``(id, pattern)`` in file order, for every kind of
    :data:`DANGER_KINDS`), ``unless`` (id → exception pattern), ``guards`` (name → pattern),
    ``override_ids``, and the source ``entries`` and ``guard_entries`` (for the tests)."""

    rules: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    unless: dict[str, re.Pattern[str]]
    guards: dict[str, re.Pattern[str]]
    override_ids: frozenset[str]
    entries: tuple[Entry, ...]
    guard_entries: tuple[Guard, ...]


def _read(name: str) -> dict[str, Any]:
    path = LEXICON_DIR / name
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a safe loader (C or Python)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: not a mapping")
    return data


def expand(pieces: list[str] | str, fragments: dict[str, list[str] | str], _seen: tuple[str, ...] = ()) -> str:
    """The regex str of ``pieces`` (a list of str joined without separator, or one str) with every ``{{NAME}}``
    replaced by the expanded fragment NAME and every ``{{NAME:inner}}`` by the same without its enclosing
    parentheses. Raises :class:`LexiconError` for an unknown or self-referencing fragment, or ``:inner`` on a
    fragment that is not wrapped in parentheses."""
    text = pieces if isinstance(pieces, str) else "".join(pieces)

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise LexiconError(f"unknown fragment {name!r}")
        if name in _seen:
            raise LexiconError(f"fragment {name!r} refers to itself")
        value = expand(fragments[name], fragments, (*_seen, name))
        if m.group(2):
            if not (value.startswith("(") and value.endswith(")")):
                raise LexiconError(f"{{{{{name}:inner}}}}: fragment {name!r} is not wrapped in parentheses")
            value = value[1:-1]
        return value

    return _REF.sub(sub, text)


def _entries(fragments: dict[str, Any]) -> list[Entry]:
    entries: list[Entry] = []
    for kind in DANGER_KINDS:
        data = _read(f"{kind}.yml")
        if data.get("kind") != kind:
            raise LexiconError(f"{kind}.yml: kind is {data.get('kind')!r}")
        for item in data.get("patterns") or []:
            pid = item.get("id")
            examples = tuple(item.get("examples") or ())
            unless = item.get("unless") or {}
            if not pid or not item.get("regex") or not examples:
                raise LexiconError(f"{kind}.yml: entry {pid!r} needs an id, a regex and at least one example")
            if unless and not unless.get("examples"):
                raise LexiconError(f"{kind}.yml: the exception of {pid!r} needs at least one example")
            entries.append(Entry(
                id=pid, kind=kind, regex=expand(item["regex"], fragments), examples=examples,
                unless=expand(unless["regex"], fragments) if unless else None,
                unless_examples=tuple(unless.get("examples") or ()),
            ))
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise LexiconError(f"duplicate pattern ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return entries


def _guards(data: dict[str, Any], fragments: dict[str, Any]) -> list[Guard]:
    guards = []
    for name, item in (data.get("guards") or {}).items():
        examples = {k: tuple(v) for k, v in item.items() if k in GUARD_OUTCOMES}
        if not any(examples.values()):
            raise LexiconError(f"guards.yml: {name!r} needs at least one example")
        guards.append(Guard(name=name, regex=expand(item["regex"], fragments), folded=item.get("fold", True),
                            raw_text=item.get("raw_text", False), examples=examples))
    return guards


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The lexicon, read and compiled once per process (about 250 patterns). Raises :class:`LexiconError` on a
    malformed file and ``re.error`` on an invalid regex."""
    fragments = _read("fragments.yml").get("fragments") or {}
    entries = _entries(fragments)
    guard_data = _read("guards.yml")
    guard_entries = _guards(guard_data, fragments)
    override_ids = frozenset(guard_data.get("override_ids") or ())
    rules: dict[str, list[tuple[str, re.Pattern[str]]]] = {kind: [] for kind in DANGER_KINDS}
    for e in entries:
        rules[e.kind].append((e.id, compile_folded(e.regex)))
    return Lexicon(
        rules={kind: tuple(r) for kind, r in rules.items()},
        unless={e.id: compile_folded(e.unless) for e in entries if e.unless is not None},
        guards={g.name: compile_folded(g.regex) if g.folded else re.compile(g.regex) for g in guard_entries},
        override_ids=override_ids,
        entries=tuple(entries),
        guard_entries=tuple(guard_entries),
    )
