"""Text helpers of the dialogue engine: the project's one normaliser (``nlu.normalize.normalize``,
BRIEF contract #1). Until that module is on this branch, a minimal stand-in (NFKC, lowercase, no
tashkeel/tatweel, unified alef, ASCII digits) keeps the engine usable; it is removed once merged."""

from __future__ import annotations

try:
    from nlu.normalize import normalize
except ImportError:  # pragma: no cover - only before the NLU helper's module is merged
    import re
    import unicodedata

    _TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
    _ALEF = str.maketrans({c: "\u0627" for c in "\u0623\u0625\u0622\u0671"})
    _DIGITS = str.maketrans({**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}})

    def normalize(text: str) -> str:  # type: ignore[misc]
        """Stand-in for ``nlu.normalize.normalize`` (see the module docstring)."""
        out = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
        out = "".join(c for c in unicodedata.normalize("NFD", out.lower()) if not "\u0300" <= c <= "\u036f")
        out = _TASHKEEL.sub("", unicodedata.normalize("NFC", out)).translate(_ALEF).translate(_DIGITS)
        out = re.sub(r"([^\W\d_])\1{2,}", r"\1", out)
        return re.sub(r"\s+", " ", out).strip()

__all__ = ["normalize"]
