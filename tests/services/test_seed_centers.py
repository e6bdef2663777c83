"""The seed directory (services/data/seed_centers.json) and the center-type taxonomy, checked against the
seed document itself (services/data/seed/000_6dcc0ca7f009f24f.txt) and its structured summary."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from services.center_types import CENTER_TYPES, Need, classify_named_place, needs_for, types_for_need
from services.gazetteer import Gazetteer
from services.seed_extract import DATA, extract, quote_in_lines, report

SEED = json.loads((DATA / "seed" / "regions.json").read_text(encoding="utf-8"))
CENTERS = json.loads((DATA / "seed_centers.json").read_text(encoding="utf-8"))
SEED_PLACES = json.loads((DATA / "seed_places.json").read_text(encoding="utf-8"))
CONTRACT_CODES = {
    "EMF", "LISTENING_CENTER", "WOMEN_SHELTER", "COAPH", "DISABILITY_CENTER", "CAPE", "UPE", "CAS",
    "EPS_ELDERLY", "EPS", "SAMU_SOCIAL", "FAMILY_MEDIATION", "JISR_WINDOW", "EN_SOCIAL_CENTER",
}


def test_center_type_codes_are_exactly_the_contract() -> None:
    assert set(CENTER_TYPES) == CONTRACT_CODES


@pytest.mark.parametrize("code", sorted(CONTRACT_CODES))
def test_center_type_has_labels_needs_and_seed_lines(code: str) -> None:
    t = CENTER_TYPES[code]
    assert any("\u0600" <= c <= "\u06ff" for c in t.label_ar)
    assert t.label_fr and t.source_lines and t.rationale
    src = (DATA / "seed" / "000_6dcc0ca7f009f24f.txt").read_text(encoding="utf-8").split("\n")
    assert all(0 < n <= len(src) for n in t.source_lines)


def test_official_labels() -> None:
    assert CENTER_TYPES["EMF"].label_ar == "فضاء متعدد الوظائف للنساء"
    assert CENTER_TYPES["EMF"].label_fr.startswith("Espace multifonctionnel pour femmes")
    assert CENTER_TYPES["COAPH"].label_ar == "مركز التوجيه والمساعدة لفائدة الأشخاص في وضعية إعاقة"
    assert CENTER_TYPES["SAMU_SOCIAL"].label_ar == "الإسعاف الاجتماعي المتنقل"


@pytest.mark.parametrize("need", list(Need))
def test_every_need_is_served_by_some_type(need: Need) -> None:
    assert types_for_need(need)


def test_routing_taxonomy_of_the_seed() -> None:  # summary.md §12
    assert "EMF" in types_for_need("violence")
    assert "COAPH" in types_for_need("disability")
    assert "CAPE" in types_for_need("child")
    assert "SAMU_SOCIAL" in types_for_need("homeless")
    assert "EPS_ELDERLY" in types_for_need("elderly")
    assert "FAMILY_MEDIATION" in types_for_need("mediation")
    assert needs_for("EN_SOCIAL_CENTER") == frozenset()


def _entries():
    for r in SEED:
        for i, e in enumerate(r["named_places"]):
            yield (r["region_code"], i), e


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ((12, 0), ("SAMU_SOCIAL",)), ((12, 1), ("CAPE",)), ((12, 2), ("DISABILITY_CENTER",)),
        ((12, 3), ()), ((11, 0), ("EMF",)), ((8, 15), ("COAPH",)), ((8, 16), ("EMF",)),
        ((9, 0), ("CAPE", "COAPH", "EMF", "CAS")), ((9, 7), ("EPS", "EMF", "CAPE")),
        ((2, 12), ("EMF", "WOMEN_SHELTER", "CAPE", "COAPH")), ((2, 9), ("EPS_ELDERLY",)),
        ((5, 13), ("CAS",)), ((8, 19), ("JISR_WINDOW",)), ((1, 8), ()), ((7, 6), ()), ((6, 8), ()),
    ],
)
def test_classification_of_named_places(key: tuple[int, int], expected: tuple[str, ...]) -> None:
    e = dict(_entries())[key]
    assert classify_named_place(e, key) == expected


def test_every_named_place_is_classified_and_located_or_flagged() -> None:
    entries = dict(_entries())
    assert len(entries) == 173
    rows = SEED_PLACES["named_places"]
    assert len(rows) == 173
    counts = Counter()
    for row in rows:
        code, idx = int(row["seed_ref"][1:3]), int(row["seed_ref"][6:8])
        assert tuple(row["center_types"]) == classify_named_place(entries[(code, idx)], (code, idx))
        assert set(row["center_types"]) <= CONTRACT_CODES
        if row["located"]:
            assert row["places"] and row["place_precision"] in {"place", "province_capital", "city_of_district"}
        else:
            assert not row["places"] and row["note"], row  # flagged with a reason, never invented
        for t in row["center_types"] or ["(not a center)"]:
            counts[t] += 1
    print("\nnamed places by center type:", dict(sorted(counts.items())))
    print("located:", sum(r["located"] for r in rows), "/", len(rows))


def test_seed_centers_follow_the_contract() -> None:
    gaz = Gazetteer.default()
    seen = set()
    for c in CENTERS:
        assert c["seed_id"] not in seen
        seen.add(c["seed_id"])
        assert c["type"] in CONTRACT_CODES
        assert c["status"] in {"existing", "in_progress", "planned"}
        assert c["coordinates_precision"] == "place_centroid"
        assert c["source"]["document"] == "000_6dcc0ca7f009f24f.txt"
        assert c["name_ar"] and c["name_fr"]
        place = gaz.get(c["place_id"])
        assert 1 <= c["region_code"] <= 12
        # the place lies in the region the seed section is about (GeoNames region)
        assert place.region_code == c["region_code"], (c["seed_id"], place)
        for k in ("address", "phone", "hours"):
            assert k not in c  # the seed has none: never invented


def test_every_seed_center_is_traceable_to_its_quote_in_the_source_lines() -> None:
    for c in CENTERS:
        assert quote_in_lines(c["source"]["quote"], c["source"]["lines"]), c["seed_id"]


def test_status_is_the_seeds() -> None:
    entries = dict(_entries())
    for c in CENTERS:
        code, idx = int(c["seed_id"][1:3]), int(c["seed_id"][6:8])
        assert c["status"] == entries[(code, idx)]["status"]


# EMFs per region as stated in summary.md §11 (count, line); located ones must not exceed it.
EMF_STATED = {1: 8, 2: 6, 3: 7, 5: 3, 6: 5, 7: 4, 9: 3, 10: 4, 11: 5}


def test_emf_locations_match_the_counts_of_the_text() -> None:
    open_emf = Counter(c["region_code"] for c in CENTERS if c["type"] == "EMF" and c["status"] != "planned")
    for region, n in EMF_STATED.items():
        assert open_emf[region] <= n
    # regions whose EMF list is complete in the text (L854, L1402, L2020, L2405, L2690, L2930, L3165)
    for region in (2, 3, 5, 6, 10, 11):
        assert open_emf[region] == EMF_STATED[region], region
    assert open_emf[7] == 4 and open_emf[1] == 7  # Fahs-Anjra (L3694): capital not in GeoNames → flagged


def test_committed_seed_centers_are_what_the_extractor_produces() -> None:
    centers, seed_places, unplaced = extract()
    assert centers == CENTERS
    assert seed_places == SEED_PLACES["named_places"]
    print("\n" + report(centers, seed_places, unplaced))
