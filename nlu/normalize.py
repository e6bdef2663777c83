"""Darija / Arabic / French text normalisation shared by the whole project.

``normalize(text) -> str`` is the single normaliser of Jisr. It runs as the first component of the Rasa
pipeline (identically at training and inference, see ``nlu/components/normalizer.py``) and is imported by
the gazetteer, the safety net and keyword matching, so that "كازاااا", "Casa" and "casa" compare equal
wherever they are compared.

Pure standard library; runs on Python 3.10 (Rasa's environment) and 3.11+ (the bot). No imports from the
rest of the project.

What it does, in this order (each step is documented on the constant it uses):

1. removes format/control characters: zero-width (ZWSP, ZWNJ, ZWJ, BOM), bidi controls (LRM, RLM, ALM,
   LRE…PDF, LRI…PDI), soft hyphen — every Unicode ``Cf`` character — and tatweel ``ـ``;
   other control characters (``Cc``) become spaces;
2. Unicode NFKC (Arabic presentation forms such as ``ﻻ`` become ``لا``, full-width Latin becomes ASCII);
3. lowercases (Latin, and any other cased script);
4. folds Latin diacritics: ``é`` → ``e``, ``ç`` → ``c``, ``œ`` → ``oe`` (people type French on phones
   with and without accents; the gazetteer's ids are accent-free slugs: "Fès" → "fes");
5. strips Arabic tashkeel — one shared range, ``TASHKEEL`` (harakat, tanwin, shadda, sukun, dagger alef,
   Quranic annotation marks);
6. unifies alef forms ``أ إ آ ٱ ٲ ٳ`` → ``ا``; alef maqsura ``ى`` is NOT turned into ``ا`` or ``ي`` (it is a
   different letter: "على" ≠ "علا"; cf. pyarabic issue 39); ``ة``, ``ؤ``, ``ئ`` are kept;
7. Arabic-Indic (``٠``–``٩``) and Persian/Urdu (``۰``–``۹``) digits → ASCII ``0``–``9``; ASCII digits are
   never touched, so Arabizi letters written as digits ("3", "7", "9" in "l2i3a9a") stay inside words;
8. collapses elongation: a run of **three or more** identical letters becomes **one** ("bzzzaf" → "bzaf",
   "بزاااف" → "بزاف", "merciiii" → "merci"). A **doubled** letter is kept as written ("bezzaf", "lmerra",
   "elle", "3ammi" stay): doubling is ordinary spelling (gemination in Arabizi, French double consonants),
   and the training data contains both spellings. Only letters collapse: digits never do (phone numbers
   "0600000000", years), nor does punctuation;
9. emoji and other symbols (Unicode ``So``) are kept but separated from words by spaces ("aji😭" →
   "aji 😭"), so they never glue onto a word the tokenizer must recognise;
10. collapses whitespace runs to one space and strips both ends.

Properties (tested with hypothesis in ``tests/nlu/test_normalize.py``): idempotent
(``normalize(normalize(x)) == normalize(x)``), never raises on any ``str``, and never empties a message that
contains a letter (other than tatweel and the Arabic presentation forms of diacritics, ``ﹷ`` U+FE77 and
the like, which are diacritics).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ALEF",
    "ALEF_FORMS",
    "ALEF_MAQSURA",
    "TASHKEEL",
    "TASHKEEL_RE",
    "TATWEEL",
    "normalize",
    "strip_tashkeel",
]

TATWEEL = "\u0640"
"""Arabic tatweel (kashida) ``ـ``: pure elongation, always removed."""

ALEF = "\u0627"
ALEF_MAQSURA = "\u0649"
ALEF_FORMS = "\u0623\u0625\u0622\u0671\u0672\u0673"
"""Alef with hamza above/below, alef madda, alef wasla, alef with wavy hamza above/below → bare alef."""

TASHKEEL = (
    "\u0610-\u061a"  # Quranic honorifics and small high letters
    "\u064b-\u065f"  # fathatan … shadda, sukun, maddah/hamza above/below, subscript alef, …
    "\u0670"  # superscript (dagger) alef
    "\u06d6-\u06dc"  # Quranic small high ligatures
    "\u06df-\u06e4"  # Quranic small high marks
    "\u06e7\u06e8"  # small high yeh / noon
    "\u06ea-\u06ed"  # Quranic low/high stops and small low meem
    "\u08d3-\u08e1\u08e3-\u08ff"  # Arabic Extended-A combining marks
)
"""The one shared range of Arabic diacritics (a regex character-class body). Every mark in it is a
combining mark (Unicode ``Mn``); letters that merely look small (``ۥ``, ``ۦ``) are not in it."""

TASHKEEL_RE = re.compile(f"[{TASHKEEL}]")

_ALEF_TABLE = {ord(c): ALEF for c in ALEF_FORMS}
_DIGIT_TABLE = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
_LATIN_LIGATURES = {ord("\u0153"): "oe", ord("\u00e6"): "ae"}  # œ, æ (after lowercasing)
_ELONGATION_RE = re.compile(r"([^\W\d_])\1{2,}")  # a letter repeated 3+ times
_SPACE_RE = re.compile(r"\s+")


def strip_tashkeel(text: str) -> str:
    """Remove the Arabic diacritics of ``TASHKEEL`` and tatweel from ``text``, nothing else."""
    return TASHKEEL_RE.sub("", text).replace(TATWEEL, "")


def _clean_char(ch: str) -> str:
    """Step 1 for one character: drop format characters and tatweel, turn control characters into
    spaces, keep everything else."""
    if ch == TATWEEL:
        return ""
    cat = unicodedata.category(ch)
    if cat == "Cf":
        return ""
    if cat == "Cc":
        return " "
    if cat in ("Cs", "Co", "Cn"):  # lone surrogates, private use, unassigned: harmless placeholders
        return " "
    return ch


def _fold_latin(text: str) -> str:
    """Remove combining diacritics U+0300–U+036F (Latin accents), keeping base letters; Arabic letters
    are recomposed (NFC) so hamza on waw/ya survives."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not ("\u0300" <= ch <= "\u036f")))


def _space_symbols(text: str) -> str:
    """Surround emoji and other ``So`` symbols with spaces (they stay in the text)."""
    if not any(unicodedata.category(ch) == "So" for ch in text):
        return text
    return "".join(f" {ch} " if unicodedata.category(ch) == "So" else ch for ch in text)


def normalize(text: str) -> str:
    """Normalise one message for matching and for the NLU model.

    Args:
        text: any Unicode string (a chat message, a place name, a keyword).

    Returns:
        The normalised string (possibly empty when ``text`` has no visible content). See the module
        docstring for the exact steps. Never raises for a ``str`` argument.

    Raises:
        TypeError: when ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() expects str, got {type(text).__name__}")
    if not text:
        return ""
    out = "".join(_clean_char(ch) for ch in text)
    out = unicodedata.normalize("NFKC", out)
    out = _fold_latin(out.lower()).translate(_LATIN_LIGATURES)
    out = strip_tashkeel(out)
    out = unicodedata.normalize("NFC", out)
    out = out.translate(_ALEF_TABLE).translate(_DIGIT_TABLE)
    out = _ELONGATION_RE.sub(r"\1", out)
    out = _space_symbols(out)
    return _SPACE_RE.sub(" ", out).strip()
