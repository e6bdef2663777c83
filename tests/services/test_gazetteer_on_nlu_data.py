"""The gazetteer over the project's own NLU training examples (nlu/data/<variety>/*.yml): examples
annotated with a ``city`` entity must resolve to a place, the others must not (no false places in
"safi bslama", "المحادثة", "lkarta", "salle de bain"…)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from services.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
_ENTITY = re.compile(r'\[([^\]]+)\](\([^)]*\)|\{[^}]*\})')
_CITY = re.compile(r'\[([^\]]+)\]\((?:city)\)|\[([^\]]+)\]\{"entity":\s*"city"[^}]*\}')


def _examples() -> list[tuple[str, str, list[str]]]:
    out = []
    for f in sorted(ROOT.glob("nlu/data/*/*.yml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            if "intent" not in item:
                continue
            for line in str(item.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    ex = line[2:]
                    cities = [m.group(1) or m.group(2) for m in _CITY.finditer(ex)]
                    out.append((item["intent"], _ENTITY.sub(r"\1", ex), cities))
    return out


def test_training_examples_resolve_places_only_where_annotated() -> None:
    examples = _examples()
    assert examples, "no NLU training data found in nlu/data/<variety>/*.yml"
    gaz = Gazetteer.default()
    with_city = [(t, c) for _, t, c in examples if c]
    without = [(i, t) for i, t, c in examples if not c]
    found = sum(1 for t, _ in with_city if gaz.resolve(t))
    false = [(i, t, [m.place.id for m in gaz.resolve(t)]) for i, t in without if gaz.resolve(t)]
    print(f"\nexamples: {len(examples)}; with a city: {len(with_city)}, resolved: {found}; "
          f"without: {len(without)}, false places: {len(false)}")
    for f in false[:20]:
        print("  false place:", f)
    assert found >= 0.97 * len(with_city)
    assert len(false) <= 0.005 * len(without)
