"""Typed answers to a list question: an ordinal ("le premier", "lowel", "الأول", "التاني"…), a button's label
typed approximately, or — for appointment slots — a day and a time that match one offered slot.

Pure functions over normalised text (``nlu.normalize.normalize``); the engine calls them when a message is
not a button payload. Nothing here logs (the text is message content).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from nlu.normalize import normalize

# ordinal words → 1-based position (-1 = the last one), four varieties, as people write them
_ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("premier", "premiere", "1er", "1ere", "1re", "lowel", "lowl", "louwel", "lewel", "lawel", "luwel", "lowla",
        "lwla", "louwla", "lawla", "loula", "lola", "الاول", "الاولى", "اللول", "لول", "اللولة", "لولة", "اللولى",
        "اول", "اولى", "اول واحد", "first"),
    2: ("deuxieme", "second", "seconde", "2e", "2eme", "2ème", "tani", "ltani", "ttani", "tania", "ltania", "ttania",
        "tanya", "ltanya", "tanye", "التاني", "التانية", "الثاني", "الثانية", "تاني", "تانية", "ثاني", "ثانية",
        "second one"),
    3: ("troisieme", "3e", "3eme", "talet", "ltalet", "ttalet", "talta", "ltalta", "ttalta", "talt", "التالت",
        "التالتة", "الثالث", "الثالثة", "تالت", "ثالث", "third"),
    4: ("quatrieme", "4e", "4eme", "rab3", "rabe3", "lrab3", "rrab3", "rrabe3", "lrabe3", "rab3a", "rrab3a",
        "الرابع", "الرابعة", "رابع", "fourth"),
    5: ("cinquieme", "5e", "5eme", "khames", "lkhames", "khamsa", "lkhamsa", "الخامس", "الخامسة", "خامس", "fifth"),
    6: ("sixieme", "6e", "6eme", "sades", "ssades", "sadsa", "ssadsa", "السادس", "السادسة", "سادس", "sixth"),
    -1: ("dernier", "derniere", "lakher", "lakhar", "lekher", "lkhr", "lakhir", "lkhar", "lekhra", "lakhra",
         "الاخير", "الاخيرة", "اللخر", "اللخرة", "الاخر", "last"),
}
# words around an ordinal that do not change its meaning ("le premier", "khod lowel", "الأول عافاك")
_FILLER = frozenset(normalize(w) for w in (
    "le", "la", "l", "les", "un", "une", "celui", "celle", "du", "haut", "creneau", "centre", "rendez", "vous",
    "rdv", "choix", "option", "je", "veux", "prends", "prend", "choisis", "merci", "svp", "stp", "s'il", "plait",
    "oui", "ok", "wakha", "khod", "khoud", "bghit", "nakhod", "ana", "3afak", "3fak", "afak", "lah", "ykhalik",
    "lmarkaz", "lmaw3id", "lwa9t", "wa7ed", "wahed", "ghir", "hada", "hadi", "dak", "dik", "f", "fi",
    "بغيت", "ناخد", "عافاك", "واحد", "هذا", "هذه", "هادا", "هادي", "داك", "ديك", "المركز", "الموعد", "الوقت",
    "اريد", "اختار", "اخترت", "من", "فضلك", "من فضلك", "نعم", "واخا", "the", "one",
))
_ORDINAL_INDEX: dict[str, int] = {normalize(w): n for n, words in _ORDINALS.items() for w in words}
_MAX_ORDINAL_WORDS = 5


def ordinal_position(norm_text: str, count: int) -> int | None:
    """The 0-based index named by an ordinal in a short message ("le premier", "khod ltani", "الأول"), or
    None. ``count``: how many options; an ordinal beyond it is None. Only short messages (≤ 5 words) made
    of one ordinal and filler words count, so a sentence that happens to hold "premier" does not."""
    words = norm_text.split()
    if not words or len(words) > _MAX_ORDINAL_WORDS or count <= 0:
        return None
    found: set[int] = set()
    i = 0
    while i < len(words):
        two = " ".join(words[i:i + 2])
        if i + 1 < len(words) and two in _ORDINAL_INDEX:
            found.add(_ORDINAL_INDEX[two])
            i += 2
            continue
        w = words[i]
        if w in _ORDINAL_INDEX:
            found.add(_ORDINAL_INDEX[w])
        elif w not in _FILLER:
            return None
        i += 1
    if len(found) != 1:
        return None
    n = found.pop()
    index = count - 1 if n == -1 else n - 1
    return index if 0 <= index < count else None


_WORD = re.compile(r"\w+")
LABEL_MIN_SCORE = 85.0
"""rapidfuzz score (0–100) a typed text needs against a label to choose it."""
LABEL_MARGIN = 6.0
"""The best label must beat the second by this many points (else: ambiguous, no choice)."""


def _score(norm_text: str, label: str) -> float:
    if norm_text == label:
        return 101.0
    whole = fuzz.ratio(norm_text, label)
    # a typed part of a long label ("agadir" for "COAPH – Agadir"): every typed word is in the label
    words = set(norm_text.split())
    part = fuzz.token_set_ratio(norm_text, label) if len(norm_text) >= 4 and words <= set(label.split()) else 0.0
    # a part of the label typed with a typo: partial ratio, only for a text shorter than the label (a longer
    # message merely containing a short label is not choosing it) and long enough not to match by chance
    partial = fuzz.partial_ratio(norm_text, label) - 5 if 6 <= len(norm_text) <= len(label) else 0.0
    return max(whole, part, partial)


def best_label(norm_text: str, labels: list[set[str]]) -> int | None:
    """The index of the option whose label (any of its normalised renderings) the typed text matches
    best — exactly, or fuzzily (score ≥ ``LABEL_MIN_SCORE`` and ``LABEL_MARGIN`` ahead of the next
    option) — or None. Words shared by every option are left out on both sides before comparing."""
    if len(norm_text) < 3 or not labels:
        return None
    # words every option has ("Centre … (CAPE) –") do not tell options apart: compare what differs
    common = set.intersection(*({w for lab in forms for w in _WORD.findall(lab)} for forms in labels)) \
        if len(labels) > 1 else set()

    def reduced(label: str) -> str:
        return " ".join(w for w in _WORD.findall(label) if w not in common)

    typed = reduced(norm_text)
    if not typed:
        return None

    scores = sorted(((max((_score(typed, reduced(lab)) for lab in forms if reduced(lab)), default=0.0), i)
                     for i, forms in enumerate(labels)), reverse=True)
    best, index = scores[0]
    second = scores[1][0] if len(scores) > 1 else 0.0
    if best >= LABEL_MIN_SCORE and best - second >= LABEL_MARGIN:
        return index
    return None


# ---- day + time (appointment slots) -----------------------------------------------------------------

_DAY_WORDS: dict[str, tuple[str, ...]] = {
    "mon": ("lundi", "tnin", "letnin", "ltnin", "tanin", "lithnin", "الاثنين", "الإثنين", "التنين", "الاتنين", "اثنين",
            "تنين", "lundi prochain"),
    "tue": ("mardi", "tlat", "tlata", "ttlat", "ttlata", "tlate", "الثلاثاء", "التلات", "التلاتا", "الثلاثا", "ثلاثاء",
            "تلات"),
    "wed": ("mercredi", "larb3", "larb3a", "larbe3", "larba", "larbaa", "arb3a", "الأربعاء", "الاربعاء", "الاربع",
            "لاربع", "اربعاء"),
    "thu": ("jeudi", "lkhmis", "khmis", "lkhemis", "l5mis", "5mis", "الخميس", "خميس"),
    "fri": ("vendredi", "jem3a", "jm3a", "ljem3a", "ljm3a", "jouma3", "joumou3a", "الجمعة", "الجمعه", "جمعة"),
    "sat": ("samedi", "sebt", "ssebt", "sbt", "السبت", "سبت"),
    "sun": ("dimanche", "l7ed", "7ed", "lhed", "la7ad", "الحد", "الأحد", "الاحد", "احد"),
}
_DAY_INDEX: dict[str, str] = {normalize(w): d for d, words in _DAY_WORDS.items() for w in words}
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?:h|:|ه|س|heures?|heure)\s*(\d{2})?(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})(?!\d)")


def day_time_option(norm_text: str, options: list[dict]) -> int | None:
    """The index of the one slot option (``args``: ``day`` mon…sun, ``date`` DD/MM, ``time`` HH:MM) that a
    typed day and/or date and time designate ("mardi 9h30", "tlat 10:00", "الثلاثاء 9:30", "01/12 9h30"),
    or None (no time or date typed, no option or several options match)."""
    days = {_DAY_INDEX[w] for w in norm_text.split() if w in _DAY_INDEX}
    time_m = _TIME.search(norm_text)
    date_m = _DATE.search(norm_text)
    if len(days) > 1 or (time_m is None and date_m is None):
        return None
    want_time = f"{int(time_m.group(1)):02d}:{time_m.group(2) or '00'}" if time_m else None
    want_date = f"{int(date_m.group(1)):02d}/{int(date_m.group(2)):02d}" if date_m else None
    hits = []
    for i, o in enumerate(options):
        a = o.get("args") or {}
        if not {"day", "date", "time"} <= set(a):
            continue
        if days and a["day"] not in days:
            continue
        if want_time and a["time"] != want_time:
            continue
        if want_date and a["date"] != want_date:
            continue
        hits.append(i)
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=4096)
def normalized(text: str) -> str:
    """``nlu.normalize.normalize`` of a label, cached (labels repeat across turns)."""
    return normalize(text)
