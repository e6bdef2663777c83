"""Every user-visible string, in four varieties, as Fluent (``.ftl``) files.

Layout: ``locales/<variety>/<domain>.ftl`` with varieties ``ary`` (Darija, Arabic script), ``ary-Latn``
(Darija, Latin script "Arabizi"), ``ar`` (Modern Standard Arabic) and ``fr``. Message ids use hyphens
(``violence-ask-safe``); gender-aware Arabic uses Fluent selectors on a ``$gender`` argument
(``f``/``m``/``other``). Fluent wraps placeables in Unicode isolation marks (FSI/PDI), so numbers,
Latin names and phone numbers stay readable inside right-to-left text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fluent.runtime import FluentLocalization, FluentResourceLoader

LOCALES_DIR = Path(__file__).resolve().parent
VARIETIES: tuple[str, ...] = ("ary", "ary-Latn", "ar", "fr")
DEFAULT_VARIETY = "ary"
RTL_VARIETIES = frozenset({"ary", "ar"})

# Fluent needs a BCP-47 locale for plural rules and number formatting: Darija uses Arabic's rules.
_BABEL_LOCALE = {"ary": "ar-MA", "ary-Latn": "fr-MA", "ar": "ar-MA", "fr": "fr-MA"}


def resource_ids() -> list[str]:
    """The ``.ftl`` file names present for any variety (the same set must exist in every variety)."""
    names: set[str] = set()
    for variety in VARIETIES:
        names.update(p.name for p in (LOCALES_DIR / variety).glob("*.ftl"))
    return sorted(names)


@lru_cache(maxsize=None)
def localization(variety: str) -> FluentLocalization:
    """The Fluent bundle of ``variety`` (built once per process). Raises ``KeyError`` for an unknown one."""
    if variety not in VARIETIES:
        raise KeyError(variety)
    loader = FluentResourceLoader(str(LOCALES_DIR / "{locale}"))
    # use_isolating: FluentLocalization defaults to False; True wraps every placeable in FSI…PDI (RTL safety)
    return FluentLocalization([variety], resource_ids(), loader, use_isolating=True)


def t(variety: str, key: str, **args: object) -> str:
    """Format message ``key`` in ``variety`` with ``args``; unknown varieties fall back to Darija."""
    loc = localization(variety if variety in VARIETIES else DEFAULT_VARIETY)
    return loc.format_value(key, args or None)


def is_rtl(variety: str) -> bool:
    """True when ``variety`` is written right to left."""
    return variety in RTL_VARIETIES
