"""Which variety a text is written in — the one text-based guess of Jisr (no NLU, no stored state).

:func:`guess_variety` decides the script first (Arabic or Latin), then scores marker words within it: Arabic
script → ``ar`` (MSA) or ``ary`` (Darija), Latin script → ``fr`` or ``ary-Latn`` (Arabizi). Two callers need
it with different trade-offs, and the difference is spelled out as parameters (``markers``, ``min_words``,
``current``, ``default``), not as two functions:

* the **danger reply and degraded mode** (``bot``: the first reply to a message that cannot wait for the NLU or
  the state) use :data:`FULL_MARKERS`: words of the safety net's :func:`~nlu.safety.folding.fold`, long marker
  lists plus word shapes (Darija ``كي``/``كت`` verbs and ``ما…ش`` negation, Arabizi digits-as-letters, ``kay-``
  verbs and ``-ch`` negation, French accents and endings); the script is Arabic when Arabic letters are at least
  half of all letters; a guess is always given (``default`` when there are no letters) and ties go to Darija;
* the **menu mode** (``dialogues.menu_mode``: the NLU is down, the conversation already has a variety) uses
  :data:`SHORT_MARKERS`: ``\\w+`` words of ``nlu.normalize.normalize``, a short list of frequent marker words and
  Arabizi digits; the script is Arabic when it has more Arabic than Latin characters; no guess (None) for fewer
  than ``min_words=2`` words or without either script, and ties keep ``current`` when it is in the text's script.

The hint-based mappings (a channel's language code: ``bot.inbound_prep.hint_variety``, Telegram's
``variety_for_language_code``) are not text guesses and live with their channels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from locales import DEFAULT_VARIETY
from nlu.normalize import normalize
from nlu.safety.folding import fold, fold_pattern

__all__ = ["FULL_MARKERS", "SHORT_MARKERS", "Markers", "guess_variety"]

_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff]")
_LATIN_CHAR = re.compile(r"[a-z]")
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIZI_SHAPE = re.compile(r"^(\w*[a-z][2356789]\w*|[2356789]\w*[a-z]\w*|(kay|tay|kan|tan|kat|tat|ghan|ghay|ghat)[a-z]{2,}"
                            r"|\w+(ch|sh)|\w+(ni|na|ek|ha|hom))$")
_FRENCH_SHAPE = re.compile(r"^\w+(ment|tion|ais|ait|ez|eux|euse|ique|oir|oire|eau|eaux|ee|ees|ent)$")
_ACCENTS = re.compile(r"[éèêëàâçîïôûùœ]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Markers:
    """How :func:`guess_variety` reads a text: the marker words of each variety (``msa``, ``darija`` in Arabic
    script, ``french``, ``arabizi``), ``full`` (True: words of :func:`~nlu.safety.folding.fold`, word shapes
    scored, Arabic script when Arabic letters ≥ half of the letters; False: ``\\w+`` words of ``normalize``,
    only Arabizi digits as shapes, Arabic script when Arabic characters outnumber Latin ones)."""

    msa: frozenset[str]
    darija: frozenset[str]
    french: frozenset[str]
    arabizi: frozenset[str]
    full: bool


FULL_MARKERS = Markers(
    msa=frozenset(fold_pattern(w) for w in (  # noqa: SIM905
        "الان الآن حاليا اريد أريد يريد تريد نريد لا لم لن ليس لست لسنا سوف هذا هذه ذلك تلك الذي التي الذين ماذا لماذا اين أين "
        "ان أن إن انه إنه انها إنها انني إنني اني إني الى إلى عن قد لقد ايضا جدا زوجي ابني ابنتي طفلي نحن المنزل منزلي استطيع "
        "أستطيع يستطيع اتصلوا ارجوكم أرجوكم فضلكم يجب اسمع أسمع صراخ زوجها زوجته زوج ساعدوني انقذوني أنقذوني يمكنني لدي لديه "
        "عندما بعد قبل كان كانت مع على في من ثم و او أو هل").split()),
    darija=frozenset(fold_pattern(w) for w in (  # noqa: SIM905
        "دابا دروك راه راها راهم راني را ديال ديالي ديالو ديالها بغيت بغا بغات باغي باغيه غادي غا شنو اشنو واش فين علاش كيفاش "
        "ماشي عافاك عافاكم بزاف هادشي هاد هادي هادا نتا نتي ليا عليا فيا معايا حدايا دغيا بالزربه كاع مزيان والو شي حيت كنت "
        "كانو راجلي ولدي بنتي مراتي الدار فالدار فالزنقه الزنقه خويا ختي باش حتى اللي لي ملي").split()),
    french=frozenset((  # noqa: SIM905
        "je j il elle ils elles on nous vous tu me m te se mon mes ton ta tes son sa ses notre nos leur le les un une des du de "
        "en est suis es sont ai as avons ont et mais donc car que qu qui quoi ne n pas plus dans sur sous avec pour par chez ce "
        "cet cette ces moment maintenant aide aidez moi toi lui bonjour merci oui non tres tout tous toute fait va vais veut "
        "peux peut svp stp au aux pere mere fils fille enfant mari femme frere soeur maison secours police urgence vite "
        "train").split()),
    arabizi=frozenset((  # noqa: SIM905
        "daba db dba ana nta nti howa hiya rah ra rani raha rahom wach wash dyal dyali dial diali fin fen chno chnou ach 3la mn "
        "men m3a bghit bgha bghat ghadi gha kan kayn kaynin machi mashi bzaf bzzaf walakin walo hadchi hada hadi lli li ila o w "
        "chi hta bach dar ldar rajli mrati weldi bnti khoya khti lbare7 lbar7 3afak 3afakom salam labas mzyan").split()),
    full=True,
)
"""Markers of the danger reply and degraded mode (folded words, long lists, word shapes)."""

SHORT_MARKERS = Markers(
    msa=frozenset({"اريد", "هل", "ماذا", "اين", "لدي", "الذي", "التي", "كيف", "يمكن", "ليس", "لست", "انني", "اود",
                   "اطلب", "يضربني", "زوجي", "مساعدة", "اخي", "لقد", "هذا", "هذه", "الى", "مع", "عن"}),
    darija=frozenset({"واش", "بغيت", "ديال", "ديالي", "شنو", "فين", "دابا", "راه", "ماشي", "باغي", "باغية", "عافاك",
                      "كيضربني", "كاين", "كاينة", "بزاف", "مزيان", "هادشي", "شي", "حتى", "علاش", "كيفاش", "واخا", "لا",
                      "اه", "راجلي", "ولدي", "بنتي", "خاصني", "نبغي", "كنبغي", "معايا", "ليا"}),
    french=frozenset({"je", "j", "suis", "veux", "voudrais", "mon", "ma", "mes", "est", "pas", "pour", "avec", "bonjour",
                      "aide", "besoin", "il", "elle", "nous", "vous", "le", "la", "les", "des", "une", "un", "ou",
                      "comment", "merci", "oui", "non", "frappe", "mari", "enfant", "centre", "rendez", "carte",
                      "handicap", "aidez", "moi", "qui", "quoi", "de", "du", "et", "en", "dans", "sur", "ne", "me", "m",
                      "au", "aux", "c", "qu"}),
    arabizi=frozenset({"bghit", "bghiti", "wach", "fin", "ana", "dyal", "dial", "diali", "dyali", "rah", "chno",
                       "chnou", "3afak", "salam", "kayn", "kayna", "mzyan", "chi", "hna", "daba", "rajli", "kaydrebni",
                       "kidrebni", "wlidi", "bnti", "khasni", "3ndi", "andi", "ila", "wakha", "ah", "la", "bzaf",
                       "bezzaf", "f", "l", "mn", "m3a", "3la", "nta", "nti", "kifach", "3lach", "wlad", "ntaya", "lah",
                       "safi"}),
    full=False,
)
"""Markers of the menu mode (normalised words, short lists of frequent words, Arabizi digits)."""


def _script(text: str, norm: str, markers: Markers) -> str | None:
    """``"arab"``, ``"latn"``, or None (no letters of either script, for :data:`SHORT_MARKERS`)."""
    if markers.full:
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return None
        arabic = sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, ""))
        return "arab" if arabic * 2 >= len(letters) else "latn"
    arabic, latin = len(_ARABIC_CHAR.findall(norm)), len(_LATIN_CHAR.findall(norm))
    return "arab" if arabic > latin else "latn" if latin else None


def _arabic_scores(words: list[str], markers: Markers) -> tuple[int, int]:
    """(MSA, Darija) scores of Arabic-script words."""
    msa = sum(w in markers.msa for w in words)
    darija = sum(w in markers.darija for w in words)
    if markers.full:
        darija += sum(1 for w in words if (w.startswith(("كي", "تي", "كن", "كت")) and len(w) >= 5 and w != "كيف")
                      or (len(w) >= 4 and w.endswith("ش") and w.startswith("ما")) or w.endswith("اش"))
    return msa, darija


def _latin_scores(text: str, words: list[str], markers: Markers) -> tuple[int, int]:
    """(French, Arabizi) scores of Latin-script words (``text`` as written, for the accents)."""
    if markers.full:
        fr = sum(w in markers.french or bool(_FRENCH_SHAPE.match(w)) for w in words) + 2 * len(_ACCENTS.findall(text))
        return fr, sum(w in markers.arabizi or bool(_ARABIZI_SHAPE.match(w)) for w in words)
    fr = sum(w in markers.french for w in words)
    digits = sum(any(c in w for c in "2379") and _LATIN_CHAR.search(w) is not None for w in words)
    return fr, sum(w in markers.arabizi for w in words) + digits


def guess_variety(text: str | None, default: str | None = DEFAULT_VARIETY, *, markers: Markers = FULL_MARKERS,
                  min_words: int = 0, current: str | None = None) -> str | None:
    """The variety of ``text`` (``ary``, ``ary-Latn``, ``ar`` or ``fr``) from the text alone.

    ``markers`` says how words are read and scored (:data:`FULL_MARKERS` or :data:`SHORT_MARKERS`, see the
    module's docstring); with fewer than ``min_words`` words, or no letters to tell the script, the answer is
    ``default`` (a variety, or None for "cannot tell"). Within a script, the variety with more marker words wins;
    a tie keeps ``current`` when it is of the text's script, else Darija (``ary`` / ``ary-Latn``). Never raises.
    """
    if not text:
        return default
    norm = "" if markers.full else normalize(text)
    words = fold(text).split() if markers.full else _WORD.findall(norm)
    if len(words) < min_words:
        return default
    script = _script(text, norm, markers)
    if script is None:
        return default
    if script == "arab":
        msa, darija = _arabic_scores(words, markers)
        pair = ("ar", "ary")
    else:
        msa, darija = _latin_scores(text, words, markers)
        pair = ("fr", "ary-Latn")
    if msa != darija:
        return pair[0] if msa > darija else pair[1]
    return current if current in pair else pair[1]
