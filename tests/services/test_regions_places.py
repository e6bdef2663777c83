"""regions.json (12 regions, 75 prefectures/provinces) and places.json (GeoNames) are consistent with
the seed and reproducible by ``python -m services.gazetteer_build``."""

from __future__ import annotations

import json
from collections import Counter

from services.gazetteer_build import DATA, build_places, build_regions, slugify

REGIONS = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
PLACES = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
SEED = json.loads((DATA / "seed" / "regions.json").read_text(encoding="utf-8"))


def test_twelve_regions_with_the_seeds_codes_and_names() -> None:
    by_code = {r["code"]: r for r in REGIONS["regions"]}
    assert sorted(by_code) == list(range(1, 13))
    for s in SEED:
        r = by_code[s["region_code"]]
        assert (r["name_fr"], r["name_ar"]) == (s["region_fr"], s["region_ar"])
        assert r["seed_lines"] == s["source_lines"]


def test_seventy_five_prefectures_and_provinces_of_2015() -> None:
    counts = {r["code"]: len(r["provinces"]) for r in REGIONS["regions"]}
    assert counts == {1: 8, 2: 8, 3: 9, 4: 7, 5: 5, 6: 9, 7: 8, 8: 5, 9: 6, 10: 4, 11: 4, 12: 2}
    ids = [p["id"] for r in REGIONS["regions"] for p in r["provinces"]]
    assert len(set(ids)) == 75
    for r in REGIONS["regions"]:
        for p in r["provinces"]:
            assert p["id"] == slugify(p["name_fr"]) and p["kind"] in {"province", "prefecture"}
            assert p["name_ar"].startswith(("إقليم", "عمالة"))
            assert p["source"] == "knowledge:decret-2-15-40"  # flagged: not from the seed
    unlocated = [p["name_fr"] for r in REGIONS["regions"] for p in r["provinces"] if p["capital_latitude"] is None]
    assert unlocated == ["Fahs-Anjra"]  # its capital is not in GeoNames cities500: no invented point


def test_places_are_unique_slugs_in_morocco_with_regions_and_provinces() -> None:
    places = PLACES["places"]
    ids = [p["id"] for p in places]
    assert len(ids) == len(set(ids)) and len(ids) > 450
    provinces = {p["name_fr"]: r["code"] for r in REGIONS["regions"] for p in r["provinces"]}
    for p in places:
        assert p["id"] == p["id"].lower() and p["id"].isascii()
        assert 20.5 < p["latitude"] < 36.0 and -17.2 < p["longitude"] < -0.9
        assert provinces[p["province_fr"]] == p["region_code"]
    by_region = Counter(p["region_code"] for p in places)
    assert set(by_region) == set(range(1, 13))
    print("\nplaces by region:", dict(sorted(by_region.items())))


def test_build_is_deterministic_and_matches_the_committed_files() -> None:
    regions = build_regions()
    assert regions == REGIONS
    assert build_places(regions) == PLACES
