"""Extract the seed directory from the seed document's structured summary (deterministic).

Run: ``python -m services.seed_extract`` → writes ``services/data/seed_centers.json`` (BRIEF contract #3:
one entry per center of a known type named in ``named_places``) and ``services/data/seed_places.json``
(every one of the 173 ``named_places`` entries, located on the gazetteer or flagged as not located).

Input: ``services/data/seed/regions.json`` (copy of ../shared/seed/regions.json; every entry carries its
verbatim Arabic quote and the line numbers in ``000_6dcc0ca7f009f24f.txt``).

Rules (each is a decision about the text, never a fact added to it):
- center types: ``services.center_types.classify_named_place`` (documented overrides there);
- status: copied as the seed says (``existing`` / ``in_progress`` / ``planned``);
- places: the entry's French place name, cleaned (parentheses dropped, split on "," "and" "/"), resolved
  with the gazetteer inside the entry's region; a province/prefecture (said so, or a province name that is
  not also a place name: "Rehamna", "Inezgane-Aït Melloul") is placed at its capital
  (``place_precision: "province_capital"``); a commune missing from GeoNames is placed at the capital of the
  province the text names for it (``COMMUNE_PROVINCE``, flagged); a city district at its city
  (``"city_of_district"``). What cannot be located is listed in seed_places.json with ``located: false``
  and gets no center row (the reason is kept in ``seed_centers_unplaced``);
- multiplicity: "(2)", "2 …", "two …", "3 …" in the description → that many rows (``-1``, ``-2`` suffixes);
- no address, phone or hours: the seed has none (summary.md §10).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from services.center_types import CENTER_TYPES, classification_reason, classify_named_place
from services.gazetteer import Gazetteer
from services.gazetteer_build import slugify

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed" / "regions.json"
DOCUMENT = "000_6dcc0ca7f009f24f.txt"

# Communes/towns named in the seed that GeoNames (cities500) does not have → (province capital place id,
# why). Province membership from the text itself where it says so.
COMMUNE_PROVINCE: dict[str, tuple[str, str]] = {
    "bouizakarne": ("guelmim", "Bouizakarne (Guelmim province) is not in GeoNames cities500"),
    "n kob": ("zagora", "N'Kob is in Zagora province (text: 'إقليم زاكورة')"),
    "tighoughza": ("sidi-ifni", "Tighoughza is in Sidi Ifni province (text)"),
    "sbouya": ("sidi-ifni", "Sbouya is in Sidi Ifni province (text)"),
    "tamzrit": ("ouarzazate", "Tamzrit, Imi n'Oulaoune commune, Ouarzazate province (text)"),
    "ain bni mathar": ("jerada", "Aïn Bni Mathar is in Jerada province (text)"),
    "khemis dades": ("tinghir", "Khemis Dades is in Tinghir province (text)"),
    "boujad": ("khouribga", "Boujad is in Khouribga province (text)"),
    "had boumoussa": ("fquih-ben-salah", "Had Boumoussa is in Fquih Ben Salah province (text)"),
    "sebt ait rahou": ("khenifra", "Sebt Aït Rahou is in Khénifra province (text)"),
}

# Entries whose place cannot be derived from the French place string by the generic rule.
# (region_code, index) → (place ids, precision, note); [] = not locatable.
PLACE_OVERRIDES: dict[tuple[int, int], tuple[list[str], str, str]] = {
    (8, 19): ([], "none", "region-wide (Drâa-Tafilalet): no place named"),
    (8, 20): (
        ["errachidia", "ouarzazate", "midelt", "tinghir", "zagora"],
        "province_capital",
        "'all provinces of the region' (L1197): one per province of Drâa-Tafilalet, at its capital",
    ),
    (10, 5): (
        ["guelmim", "assa", "tan-tan", "sidi-ifni"],
        "province_capital",
        "'4 CAPE in the provinces of the region' (L2502): one per province of Guelmim-Oued Noun, at its capital",
    ),
    (10, 13): (
        ["guelmim", "assa", "tan-tan", "sidi-ifni"],
        "province_capital",
        "'in every province of the region' (L2518): one per province, at its capital",
    ),
    (4, 3): (
        ["rabat", "sale", "temara", "kenitra", "khemisset", "sidi-kacem", "sidi-slimane"],
        "province_capital",
        "'every province and prefecture of the region' (L3402): one per prefecture/province, at its capital",
    ),
    (5, 3): ([], "none", "region-wide (Béni Mellal-Khénifra): city not stated"),
    (6, 5): ([], "none", "'3 prefectures' not named"),
    (9, 0): (["agadir"], "place", "Agadir area (visit after the Souss-Massa meeting, L1587)"),
    (9, 2): (["temsia"], "place", "'التمسسية' read as Temsia (location inferred by the seed's author)"),
    (9, 3): ([], "none", "centre not named"),
    (9, 9): (["foum-zguid"], "place", "'COAPH فم زكيط/ طاطا' (L1825): Foum Zguid, Tata province"),
    (10, 10): (
        ["el-ouatia"],
        "place",
        "L2510 names one centre 'ببويزكارن والوطية'; Bouizakarne is not in GeoNames, placed at El Ouatia",
    ),
    (2, 4): (["oujda"], "place", "Oujda-Angad prefecture; the CAPE is in Oujda (L2000)"),
    (6, 2): (["casablanca"], "city_of_district", "Hay Hassani is a district of Casablanca"),
    (1, 5): ([], "none", "Fahs-Anjra province: its capital (Anjra) is not in GeoNames cities500"),
    (5, 9): (["kerrouchen", "ouaoumana"], "place", "'Tanfitit' not found; Kerrouchen and Ouaoumana located"),
    (3, 9): (["fes"], "place", "Fès (university)"),
    (6, 7): (["mansouria"], "place", "Mansouria"),
}

_COUNT_WORDS = {"two": 2, "three": 3, "four": 4}
SOURCE_TEXT = DATA / "seed" / DOCUMENT


@functools.lru_cache(maxsize=1)
def _source_lines() -> list[str]:
    return SOURCE_TEXT.read_text(encoding="utf-8").split("\n")


def quote_norm(s: str) -> str:
    """Whitespace/markdown-insensitive form used to find a quote in the source lines."""
    return " ".join(re.sub(r"[*#•\-–]", " ", s).split())


def quote_in_lines(quote: str, lines: list[int]) -> bool:
    """True when every `` | ``-separated segment of ``quote`` is in the text of ``lines`` (1-based)."""
    src = _source_lines()
    text = quote_norm(" ".join(src[n - 1] for n in sorted(set(lines)) if 0 < n <= len(src)))
    return all(quote_norm(seg) in text for seg in quote.split(" | "))


def verified_lines(quote: str, lines: list[int]) -> list[int]:
    """The seed's line references for ``quote``, extended to the following/preceding lines (up to 2)
    when the quote continues there (a line break inside a heading). Raises ValueError if not found."""
    need = sorted(set(lines))
    if quote_in_lines(quote, need):
        return need
    for k in (1, 2):
        for n in (max(lines) + k, min(lines) - k):
            need = sorted({*need, n})
            if quote_in_lines(quote, need):
                return need
    raise ValueError(f"quote not found near lines {lines}: {quote[:60]!r}")


def _count(what_en: str, n_types: int) -> int:
    if n_types != 1:
        return 1
    m = re.search(r"\((\d+)\)", what_en) or re.match(r"(\d+|two|three|four)\b", what_en)
    m = m or re.search(r"\bof (\d+|two|three) ", what_en)
    if not m:
        return 1
    v = m.group(1)
    return int(v) if v.isdigit() else _COUNT_WORDS[v]


def _parts(place_fr: str) -> list[str]:
    s = re.sub(r"\([^)]*\)", " ", place_fr)
    s = re.sub(r"spelled.*$", " ", s)
    parts = [p.strip() for p in re.split(r",|;|/|\band\b", s) if p.strip()]
    out = []
    for i, p in enumerate(parts):
        if i > 0 and re.search(r"\b(province|commune)\b", p, re.IGNORECASE):
            continue  # context of the preceding commune ("Tinejdad, Errachidia province")
        out.append(p)
    return out


def _is_place(gaz: Gazetteer, place_id: str) -> bool:
    try:
        gaz.get(place_id)
    except KeyError:
        return False
    return True


def locate(gaz: Gazetteer, regions_doc: dict[str, Any], key: tuple[int, int], entry: dict[str, Any]) -> dict[str, Any]:
    """Locate one named_places entry: ``{"place_ids": [...], "precision": str, "note": str | None}``."""
    if key in PLACE_OVERRIDES:
        fixed_ids, prec, note = PLACE_OVERRIDES[key]
        return {"place_ids": list(fixed_ids), "precision": prec, "note": note}
    region = key[0]
    capitals = {
        slugify(p["name_fr"]): p["capital_place_id"]
        for r in regions_doc["regions"] if r["code"] == region for p in r["provinces"]
    }
    ids: list[str] = []
    precision = "place"
    notes: list[str] = []
    for part in _parts(entry["place_fr"]):
        is_prov = bool(re.search(r"\b(province|prefecture)\b", part, re.IGNORECASE))
        name = re.sub(r"\b(province|prefecture|city|commune|municipal council)\b", " ", part, flags=re.IGNORECASE).strip()
        cap = capitals.get(slugify(name))
        if cap and (is_prov or not _is_place(gaz, slugify(name))):
            ids.append(cap)
            precision = "province_capital"
            notes.append(f"{part} read as the province/prefecture → its capital ({cap})")
            continue
        matches = [m for m in gaz.resolve(name) if m.score >= 90]
        in_region = [m for m in matches if m.place.region_code == region]
        if len(in_region) >= 1:
            ids.append(in_region[0].place.id)
            continue
        k = re.sub(r"[^a-z ]", " ", slugify(name).replace("-", " ")).strip()
        if k in COMMUNE_PROVINCE:
            pid, why = COMMUNE_PROVINCE[k]
            ids.append(pid)
            precision = "province_capital"
            notes.append(why + "; placed at the province capital")
            continue
        notes.append(f"{part!r} not located")
    ids = list(dict.fromkeys(ids))
    if not ids:
        precision = "none"
    return {"place_ids": ids, "precision": precision, "note": "; ".join(notes) or None}


def extract(gaz: Gazetteer | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (seed_centers, seed_places, unplaced) from the seed file. Deterministic."""
    gaz = gaz or Gazetteer.default()
    regions_doc = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    centers: list[dict[str, Any]] = []
    seed_places: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    for r in sorted(seed, key=lambda r: r["region_code"]):
        code = r["region_code"]
        for idx, e in enumerate(r["named_places"]):
            key = (code, idx)
            loc = locate(gaz, regions_doc, key, e)
            types = classify_named_place(e, key)
            coords = []
            for pid in loc["place_ids"]:
                p = gaz.get(pid)
                coords.append({"place_id": pid, "latitude": p.latitude, "longitude": p.longitude})
            seed_places.append(
                {
                    "seed_ref": f"r{code:02d}-np{idx:02d}",
                    "region_code": code,
                    "place_fr": e["place_fr"],
                    "place_ar": e["place_ar"],
                    "located": bool(loc["place_ids"]),
                    "places": coords,
                    "place_precision": loc["precision"],
                    "note": loc["note"],
                    "center_types": list(types),
                    "classification_reason": classification_reason(key),
                    "status": e["status"],
                    "source_lines": e["quote_lines"],
                }
            )
            if not types:
                continue
            if not loc["place_ids"]:
                unplaced.append(
                    {"seed_ref": f"r{code:02d}-np{idx:02d}", "types": list(types), "reason": loc["note"],
                     "status": e["status"], "lines": e["quote_lines"]}
                )
                continue
            lines = verified_lines(e["quote"], e["quote_lines"])
            n_places = len(loc["place_ids"])
            count = _count(e["what_en"], len(types))
            per_place = count // n_places if count % n_places == 0 and count >= n_places else count if n_places == 1 else 1
            for t in types:
                ct = CENTER_TYPES[t]
                for pid in loc["place_ids"]:
                    p = gaz.get(pid)
                    for k in range(1, per_place + 1):
                        suffix = f" ({k}/{per_place})" if per_place > 1 else ""
                        sid = f"r{code:02d}-np{idx:02d}-{t.lower().replace('_', '-')}-{pid}"
                        if per_place > 1:
                            sid += f"-{k}"
                        centers.append(
                            {
                                "seed_id": sid,
                                "type": t,
                                "name_ar": f"{ct.label_ar} - {p.name_ar}{suffix}",
                                "name_fr": f"{ct.label_fr} – {p.name_fr}{suffix}",
                                "place_id": pid,
                                "region_code": code,
                                "status": e["status"],
                                "coordinates_precision": "place_centroid",
                                "place_precision": loc["precision"],
                                "place_note": loc["note"],
                                "what_en": e["what_en"],
                                "status_detail": e.get("status_detail"),
                                "source": {"document": DOCUMENT, "lines": lines, "quote": e["quote"]},
                                **({"seed_quote_lines": e["quote_lines"]} if lines != e["quote_lines"] else {}),
                            }
                        )
    ids = [c["seed_id"] for c in centers]
    assert len(ids) == len(set(ids)), "duplicate seed ids"
    return centers, seed_places, unplaced


def main() -> None:
    """Write seed_centers.json and seed_places.json and print counts by type, region and status."""
    centers, seed_places, unplaced = extract()
    (DATA / "seed_centers.json").write_text(json.dumps(centers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (DATA / "seed_places.json").write_text(
        json.dumps(
            {"generated_by": "python -m services.seed_extract", "named_places": seed_places,
             "seed_centers_unplaced": unplaced},
            ensure_ascii=False, indent=1,
        ) + "\n",
        encoding="utf-8",
    )
    print(report(centers, seed_places, unplaced))


def report(centers: list[dict[str, Any]], seed_places: list[dict[str, Any]], unplaced: list[dict[str, Any]]) -> str:
    """Counts by type × status, by region, and location coverage, as text."""
    from collections import Counter

    lines = [f"seed centers: {len(centers)} (unplaced center entries: {len(unplaced)})"]
    by_type = Counter((c["type"], c["status"]) for c in centers)
    lines.append(f"{'type':18} {'existing':>8} {'in_prog':>8} {'planned':>8} {'total':>6}")
    for t in CENTER_TYPES:
        row = [by_type[(t, s)] for s in ("existing", "in_progress", "planned")]
        if sum(row):
            lines.append(f"{t:18} {row[0]:8} {row[1]:8} {row[2]:8} {sum(row):6}")
    by_region = Counter(c["region_code"] for c in centers)
    lines.append("by region: " + ", ".join(f"{k}: {by_region[k]}" for k in sorted(by_region)))
    prec = Counter(c["place_precision"] for c in centers)
    lines.append("center place precision: " + ", ".join(f"{k}: {v}" for k, v in sorted(prec.items())))
    located = sum(1 for s in seed_places if s["located"])
    lines.append(f"named places: {len(seed_places)}, located: {located}, not located: {len(seed_places) - located}")
    lines.append("exact center coordinates: 0 (the seed has no addresses; all are place centroids)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
