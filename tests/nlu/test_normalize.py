"""Unit and property tests of ``nlu.normalize.normalize`` (the shared Darija/Arabic/French normaliser)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.normalize import TASHKEEL_RE, TATWEEL, normalize, strip_tashkeel


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # tashkeel and tatweel
        ("كَيْضَرْبْنِي", "كيضربني"),
        ("مُسَاعَدَة", "مساعدة"),
        ("الـــــــمساعدة", "المساعدة"),
        ("شُكْرًا", "شكرا"),
        ("هٰذا", "هذا"),  # dagger alef
        # alef forms unified, alef maqsura kept, ta marbuta / hamza on waw and ya kept
        ("أريد إبلاغ آخر ٱلأمر", "اريد ابلاغ اخر الامر"),
        ("على", "على"),
        ("مستشفى", "مستشفى"),
        ("مسؤول", "مسؤول"),
        ("مس\u0648\u0654ول", "مسؤول"),  # decomposed waw + hamza above recomposes
        ("رئيس", "رئيس"),
        ("جمعية", "جمعية"),
        # digits: Arabic-Indic and Persian to ASCII, Arabizi digits inside words stay
        ("٠٦١٢٣٤٥٦٧٨", "0612345678"),
        ("۰۶۱۲", "0612"),
        ("bghit nakhod lkarta dyal l2i3a9a", "bghit nakhod lkarta dyal l2i3a9a"),
        ("3afak 3awnini", "3afak 3awnini"),
        ("7na f dar", "7na f dar"),
        ("0600000000", "0600000000"),  # digits never collapse
        ("2000", "2000"),
        # elongation: 3+ repeats of a letter -> one; doubled letters kept
        ("bzzzaf", "bzaf"),
        ("bzzzzzzzaf", "bzaf"),
        ("بزاااف", "بزاف"),
        ("بزااااااااف", "بزاف"),
        ("merciiiii", "merci"),
        ("Salaaaaam", "salam"),
        ("bezzaf", "bezzaf"),
        ("lmerra", "lmerra"),
        ("elle appelle", "elle appelle"),
        ("3ammi", "3ammi"),
        ("AAAAH", "ah"),  # case-insensitive run
        ("زـزـز", "ز"),  # tatweel between repeats does not hide the run
        # Latin: lowercase, accents folded, ligatures split
        ("Rajli KAYDREBNI", "rajli kaydrebni"),
        ("Aidez-moi, mon mari me frappe", "aidez-moi, mon mari me frappe"),
        ("Fès Salé Béni Mellal", "fes sale beni mellal"),
        ("ma sœur", "ma soeur"),
        ("Ǽ", "ae"),
        ("ÇA VA", "ca va"),
        ("ＣＡＳＡ", "casa"),  # full-width
        # zero-width and bidi controls
        ("ra\u200bjli", "rajli"),
        ("\u200fراجلي\u200e كيضربني", "راجلي كيضربني"),
        ("\u202bكازا\u202c", "كازا"),
        ("\u2067casa\u2069", "casa"),
        ("\ufeffsalam", "salam"),
        ("\u061cالرباط", "الرباط"),
        ("s\u00adalam", "salam"),
        # presentation forms
        ("\ufefb", "لا"),
        # emoji kept, separated from words
        ("3awnini😭", "3awnini 😭"),
        ("😭😭😭", "😭 😭 😭"),
        ("👍", "👍"),
        ("bghit 🏠 lyoum", "bghit 🏠 lyoum"),
        # whitespace
        ("  rajli\t\n kaydrebni  ", "rajli kaydrebni"),
        ("rajli\u00a0kaydrebni", "rajli kaydrebni"),
        # mixed script / code-switching
        ("بغيت rendez-vous ف الرباط", "بغيت rendez-vous ف الرباط"),
        ("Bghiit carte handicap l wldi", "bghiit carte handicap l wldi"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_cases(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_same_value_for_variants() -> None:
    """The spelling variants a user can type for one word normalise to one form."""
    assert normalize("كازااااا") == normalize("كـــازا") == normalize("كَازَا") == "كازا"
    assert normalize("CASA") == normalize("casa") == normalize("\u200ecasa") == "casa"
    assert normalize("إستماع") == normalize("استماع")


def test_strip_tashkeel_only_strips_marks() -> None:
    assert strip_tashkeel("بِسْمِ اللَّهِ") == "بسم الله"
    assert strip_tashkeel("إبن") == "إبن"  # alef unification is normalize()'s job


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        normalize(None)  # type: ignore[arg-type]


# -- properties ---------------------------------------------------------------------------------------

# Text biased towards the characters that matter: Arabic block, Latin, digits, marks, controls, emoji.
_interesting = st.sampled_from(
    list("abcdefghzAEIÉéçœ3795 \t\n")
    + [chr(c) for c in range(0x0600, 0x0700)]
    + [chr(c) for c in range(0x06F0, 0x06FA)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff"]
    + ["\u0301", "\u0308", "\u0654", "\u0655", "\u0653", TATWEEL, "\ufefb", "\ufe71", "😭", "👍🏽", "🇲🇦"]
)
_texts = st.one_of(
    st.text(),
    st.lists(st.one_of(_interesting, st.sampled_from(["👍🏽", "🇲🇦", "👩‍👧", "ﷺ", "ﷲ"])), max_size=40).map(
        "".join
    ),
)


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_never_crashes_and_returns_clean_text(text: str) -> None:
    out = normalize(text)
    assert isinstance(out, str)
    assert out == out.strip()
    assert "  " not in out
    assert TATWEEL not in out
    assert not TASHKEEL_RE.search(out)
    assert not any(unicodedata.category(ch) == "Cf" for ch in out)


def _is_letter(ch: str) -> bool:
    """A letter in the user's sense: alphabetic, and not tatweel nor a presentation form of a diacritic
    (U+FE77 'ﹷ' is NFKC tatweel + fatha)."""
    return ch.isalpha() and any(c.isalpha() and c != TATWEEL for c in unicodedata.normalize("NFKC", ch))


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_never_empties_a_message_with_letters(text: str) -> None:
    if any(_is_letter(ch) for ch in text):
        assert any(ch.isalpha() for ch in normalize(text))
