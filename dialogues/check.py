"""Validation behind ``jisr flows check`` and the locale tests.

* every flow loads and validates (:meth:`dialogues.engine.FlowEngine.load`);
* every locale key the flows and the engine use exists in every variety;
* every variety has the same ``.ftl`` files and the same message ids in each (no variety lacks a key
  another has), and every file parses without Fluent syntax errors.
"""

from __future__ import annotations

from pathlib import Path

from fluent.syntax import FluentParser, ast

import locales
from dialogues.engine import FlowEngine, FlowError


def message_ids(variety: str) -> dict[str, set[str]]:
    """``{file name: {message id, …}}`` for one variety. Raises ``ValueError`` on a Fluent syntax error."""
    parser = FluentParser(with_spans=False)
    out: dict[str, set[str]] = {}
    for path in sorted((locales.LOCALES_DIR / variety).glob("*.ftl")):
        resource = parser.parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, ast.Junk)]
        if junk:
            raise ValueError(f"{variety}/{path.name}: Fluent syntax error near {junk[0].content[:60]!r}")
        out[path.name] = {e.id.name for e in resource.body if isinstance(e, ast.Message)}
    return out


def locale_problems() -> list[str]:
    """Differences between varieties (files and keys) and Fluent syntax errors."""
    problems: list[str] = []
    ids: dict[str, dict[str, set[str]]] = {}
    for v in locales.VARIETIES:
        try:
            ids[v] = message_ids(v)
        except ValueError as exc:
            problems.append(str(exc))
            ids[v] = {}
    files = set().union(*(set(f) for f in ids.values()))
    for name in sorted(files):
        union = set().union(*(ids[v].get(name, set()) for v in locales.VARIETIES))
        for v in locales.VARIETIES:
            if name not in ids[v]:
                problems.append(f"{v}: missing file {name}")
                continue
            for key in sorted(union - ids[v][name]):
                problems.append(f"{v}/{name}: missing key {key}")
    return problems


def all_keys(variety: str) -> set[str]:
    """Every message id of ``variety`` (all files)."""
    return set().union(*message_ids(variety).values()) if message_ids(variety) else set()


def flow_problems(directory: Path | None = None) -> list[str]:
    """Flow validation problems plus keys used by flows/engine that a variety lacks."""
    try:
        engine = FlowEngine.load(directory) if directory else FlowEngine.load()
    except FlowError as exc:
        return [str(exc)]
    problems: list[str] = []
    used = engine.locale_keys()
    for v in locales.VARIETIES:
        try:
            have = all_keys(v)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        for key in sorted(used - have):
            problems.append(f"{v}: key {key!r} used by the flows is missing")
    return problems


def check_all() -> list[str]:
    """Everything ``jisr flows check`` reports (empty = all good)."""
    return flow_problems() + locale_problems()
