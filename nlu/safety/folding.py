"""Folding for danger matching: :func:`fold` (text) and :func:`fold_pattern` (patterns), the same way.

The NLU sees plain ``nlu.normalize.normalize``\\ d text; the safety net matches on :func:`fold`\\ ed text, and the
patterns of ``nlu/safety/lexicon/`` are written in that folded form (or folded alike by :func:`fold_pattern`).
Emergency emoji are read as words here ("🔪" → "couteau"), crying and laughing emoji as the tokens ``xdistres``
and ``xlaugh``.
"""

from __future__ import annotations

import re

from nlu.normalize import ALEF, ALEF_FORMS, normalize

_FOLD_TABLE = {
    ord("\u0649"): "\u064a",  # alef maqsura -> ya: people write both at word ends (على/علي)
    ord("\u0629"): "\u0647",  # ta marbuta -> ha (محبوسة / محبوسه)
    ord("\u06a9"): "\u0643",  # keheh -> kaf
    ord("\u06cc"): "\u064a",  # Farsi yeh -> ya
    ord("\u06af"): "\u0643",  # gaf (ݣ/گ in Darija) -> kaf
    ord("\u0762"): "\u0643",  # ݢ -> kaf
    ord("\u0621"): "",  # lone hamza dropped (ء)
    ord("\u0624"): "\u0648",  # ؤ -> و
    ord("\u0626"): "\u064a",  # ئ -> ي
}
_ALEF_TABLE = {ord(c): ALEF for c in ALEF_FORMS}
_NON_WORD = re.compile(r"[^\w]+")
_DOUBLE_LETTER = re.compile(r"([^\W\d_])\1+")
# French written as text messages, spelled out for matching ("jsuis en danger", "jvais me tuer", "g avalé").
_SMS = {"jsui": "je suis", "jsuis": "je suis", "chui": "je suis", "chuis": "je suis", "jvai": "je vais", "jvais": "je vais",
        "jveu": "je veux", "jveux": "je veux", "jsaigne": "je saigne", "jai": "j ai", "g": "j ai", "ds": "dans",
        "bcp": "beaucoup", "tt": "tout", "jpeu": "je peux", "jpeux": "je peux"}
MAX_WORD_CHARS = 40
"""Longer "words" are cut to this many characters: no real word is that long, and it bounds regex work."""
_LONG_WORD = re.compile(rf"\w{{{MAX_WORD_CHARS + 1},}}")

EMOJI_WORDS = {"\U0001f198": " sos ", "\U0001f52a": " couteau ", "\U0001f5e1": " couteau ", "\U0001f52b": " pistolet ",
               "\U0001fa78": " sang ", "\U0001f691": " ambulance ", "\U0001f693": " police ", "\U0001f694": " police ",
               "\U0001f46e": " police "}
"""Emergency emoji read as words by :func:`fold` ("il a un 🔪" → "il a un couteau", "🆘" → "sos")."""
MOOD_EMOJI = {**dict.fromkeys("\U0001f62d\U0001f630\U0001f631\U0001f628\U0001f97a\U0001f622\U0001f625\U0001f616\U0001f62b\U0001f494",
                              " xdistress "),
              **dict.fromkeys("\U0001f602\U0001f923\U0001f605\U0001f606\U0001f62c\U0001f61c\U0001f61d\U0001f643\U0001f609\U0001f60e\U0001f60b",
                              " xlaugh ")}
"""Crying/frightened emoji (😭 😰 😱 😨 🥺 😢 😥 😖 😫 💔) are read as the token ``xdistres`` (folded), laughing/playful
ones (😂 🤣 😅 😆 😬 😜 😝 🙃 😉 😎 😋) as ``xlaugh``: a distress emoji with "he is hitting me" is a cry for help;
laughing makes "he'll kill me" a figure of speech."""
DANGER_EMOJI = frozenset(EMOJI_WORDS) | {"\U0001f6a8", "\u2694", "\U0001f692", "\U0001f4a3"}  # + 🚨 ⚔ 🚒 💣
"""Emoji that make a message of emoji only a call for help ("🆘", "🔪🩸😭", "🚨🚨"). 💀/☠/🔥 are not in it:
they mostly mean laughing or "great"."""


def fold(text: str) -> str:
    """Normalise ``text`` (str) for danger matching; returns the folded str.

    ``nlu.normalize.normalize`` first, then: alef maqsura → ya, ta marbuta → ha, hamza carriers folded,
    every run of a repeated letter → one letter ("yqattel" → "yqatel", "frappe" → "frape"; digits are kept
    as written), punctuation and apostrophes → spaces ("m'a" → "m a"), French text-message words spelled out
    ("jsuis" → "je suis", "g" → "j ai", "ds" → "dans"), words cut at :data:`MAX_WORD_CHARS`. The result is
    padded with one space at each end so patterns can use ``\\b`` or spaces freely. Never raises on a str.
    """
    for emoji, word in EMOJI_WORDS.items():
        if emoji in text:
            text = text.replace(emoji, word)
    for emoji, word in MOOD_EMOJI.items():
        if emoji in text:
            text = text.replace(emoji, word)
    out = normalize(text).translate(_FOLD_TABLE)
    out = _NON_WORD.sub(" ", out).replace("_", " ")
    out = _DOUBLE_LETTER.sub(r"\1", out)
    out = _LONG_WORD.sub(lambda m: m.group(0)[:MAX_WORD_CHARS], out)
    return " " + " ".join(_SMS.get(w, w) for w in out.split()) + " "


def bounded(rx: str) -> str:
    """``rx`` (a regex str) with every unbounded ``\\w*`` replaced by ``\\w{0,15}``: with words capped at
    :data:`MAX_WORD_CHARS`, every pattern then runs in linear time on adversarial input (no catastrophic
    backtracking)."""
    return rx.replace("\\w*", "\\w{0,15}")


def fold_pattern(rx: str) -> str:
    """``rx`` (a regex str) with doubled literal letters collapsed exactly as :func:`fold` collapses them in text,
    so patterns may be written in ordinary spelling ("essaie", "يهددني", "اللحظة" → matched as folded). Escapes
    (``\\b``, ``\\w``…) are kept whole. Ta marbuta/alef maqsura/alef forms are folded like the text."""
    out: list[str] = []
    prev_letter: str | None = None
    i = 0
    while i < len(rx):
        ch = rx[i]
        if ch == "\\" and i + 1 < len(rx):
            out.append(rx[i : i + 2])
            prev_letter = None
            i += 2
            continue
        ch = ch.translate(_FOLD_TABLE).translate(_ALEF_TABLE)
        if ch.isalpha() and ch == prev_letter:
            i += 1
            continue
        out.append(ch)
        prev_letter = ch if ch.isalpha() else None
        i += 1
    return "".join(out)


def compile_folded(rx: str) -> re.Pattern[str]:
    """``rx`` folded (:func:`fold_pattern`), bounded (:func:`bounded`) and compiled. Raises ``re.error`` when
    ``rx`` is not a valid regular expression."""
    return re.compile(bounded(fold_pattern(rx)))
