"""``nlu.places``: the place finder behind the Rasa ``JisrCityExtractor``, on the real generated alias
table ``nlu/data/lookup_city.yml`` (built the way the component's ``train`` builds it)."""

from __future__ import annotations

import pytest
import yaml

from nlu import project
from nlu.normalize import normalize
from nlu.places import alias_key, find_places


@pytest.fixture(scope="module")
def aliases() -> dict[str, str]:
    doc = yaml.safe_load((project.DATA_DIR / "lookup_city.yml").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for block in doc["nlu"]:
        if "synonym" in block:
            for line in block["examples"].splitlines():
                if line.startswith("- "):
                    table[alias_key(line[2:])] = block["synonym"]
            table.setdefault(alias_key(block["synonym"]), block["synonym"])
    assert len(table) > 100
    return table


def _ids(text: str, aliases: dict[str, str]) -> list[str]:
    return [pid for _, _, pid in find_places(normalize(text), aliases)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bghit centre f casa", ["casablanca"]),
        ("بغيت نمشي لكازا", ["casablanca"]),  # clitic l-
        ("كاين شي مركز فالدار البيضاء", ["casablanca"]),  # clitic f- on a two-word name
        ("ana f Dar el Beida", ["casablanca"]),
        ("ana fcasa daba", ["casablanca"]),
        ("je veux un rendez-vous au centre d'oujda", ["oujda"]),
        ("ساكنة فالرباط", ["rabat"]),
        ("باغي نمشي للرباط", ["rabat"]),  # لل → ال
        ("ana mn Beni-Mellal", ["beni-mellal"]),
        ("بني ملال و فاس", ["beni-mellal", "fes"]),
        ("كازاااا", ["casablanca"]),  # elongation handled by the normaliser
        ("rajli kaydrebni", []),
        ("bghit chi blassa nbat fiha", []),  # not Assa behind a two-letter clitic
    ],
)
def test_find_places(aliases: dict[str, str], text: str, expected: list[str]) -> None:
    assert _ids(text, aliases) == expected


def test_spans_point_into_the_normalised_text(aliases: dict[str, str]) -> None:
    text = normalize("Bghit centre f CASA 3afak")
    [(start, end, pid)] = find_places(text, aliases)
    assert (text[start:end], pid) == ("casa", "casablanca")
    text = normalize("بغيت نمشي لكازا")
    [(start, end, pid)] = find_places(text, aliases)
    assert text[start:end] == "كازا"
