"""The Rasa city synonyms/lookup file is generated from the aliases (one source of truth)."""

from __future__ import annotations

from pathlib import Path

import yaml

from services.gazetteer import Gazetteer, rasa_lookup_yaml

ROOT = Path(__file__).resolve().parents[2]
LOOKUP = ROOT / "nlu" / "data" / "lookup_city.yml"


def test_committed_lookup_file_is_up_to_date() -> None:
    expected = rasa_lookup_yaml(Gazetteer.default())
    assert LOOKUP.read_text(encoding="utf-8") == expected, (
        "run: python -m services.gazetteer --export-rasa nlu/data/lookup_city.yml"
    )


def test_lookup_file_is_valid_rasa_nlu_yaml() -> None:
    doc = yaml.safe_load(LOOKUP.read_text(encoding="utf-8"))
    assert doc["version"] == "3.1"
    synonyms = [item for item in doc["nlu"] if "synonym" in item]
    lookups = [item for item in doc["nlu"] if "lookup" in item]
    assert [lk["lookup"] for lk in lookups] == ["city"]
    gaz = Gazetteer.default()
    seen: dict[str, str] = {}
    for s in synonyms:
        gaz.get(s["synonym"])  # a real place id
        for ex in s["examples"].splitlines():
            value = ex.removeprefix("- ").strip()
            assert value not in seen, f"{value!r} maps to both {seen.get(value)} and {s['synonym']}"
            seen[value] = s["synonym"]
    city = {ln.removeprefix("- ").strip() for ln in lookups[0]["examples"].splitlines()}
    assert {"casa", "كازا", "tanja", "l3ayoun", "casablanca"} <= city
    assert seen["casa"] == "casablanca" and seen["tanja"] == "tanger"


def test_aliases_cover_region_capitals_and_the_40_largest_cities() -> None:
    gaz = Gazetteer.default()
    aliases = gaz.aliases()
    capitals = {"tanger", "oujda", "fes", "rabat", "beni-mellal", "casablanca", "marrakech", "errachidia",
                "agadir", "guelmim", "laayoune", "dakhla"}
    largest = [p.id for p in sorted(gaz.places(), key=lambda p: -(p.population or 0))[:40]]
    # districts of big cities (GeoNames lists some as places) are covered through their city
    districts = {"sale-al-jadida", "fes-el-bali", "lahraouyine", "ouislane", "lqliaa"}
    missing = [pid for pid in [*capitals, *largest] if pid not in aliases and pid not in districts]
    assert not missing
    for pid in [*capitals, *largest]:
        if pid in aliases:
            assert any(any("\u0600" <= c <= "\u06ff" for c in a) for a in aliases[pid] + [gaz.get(pid).name_ar]), pid
