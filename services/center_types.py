"""Center types of the Moroccan social-services network, the needs each serves, and the escalation priority
of each need (BRIEF contract #4) — read from one data file, ``services/data/needs.yml``.

Codes are stable identifiers stored in the database (``center_type.code``) and used by the flows.
Labels use the official Moroccan names (EMF, COAPH, CAPE, CAS, SAMU social…); every type cites, in the data
file, the seed line(s) where the term appears in ``services/data/seed/000_6dcc0ca7f009f24f.txt`` (Les Cahiers
MAP, 2023 — regional consultations of the Ministry of Solidarity, Social Inclusion and Family, Dec 2021 –
Feb 2022). French labels with ``fr_usage: true`` are standard Moroccan administrative usage, not printed in
the source (see seed summary.md); the flag is provenance only — the label itself is what people read.

Which needs a type serves is a routing decision of this project, documented per type in ``rationale``:
the seed (summary.md §12 "Routing taxonomy") maps women victims of violence → EMF / listening centre /
shelter; family conflict → family-mediation services; disability card → COAPH; child at risk → CAPE /
child-protection mechanism; homeless or emergency → SAMU social / emergency shelter; elderly →
social-care institutions.

``classify_named_place(entry)`` maps one ``named_places`` entry of ``seed/regions.json`` to the center
types it describes (a tuple, because one sentence of the source can name several centers, e.g. L1587).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

NEEDS_FILE = Path(__file__).resolve().parent / "data" / "needs.yml"
"""The data file of needs, priorities and center types."""


def _load(path: Path = NEEDS_FILE) -> dict[str, Any]:
    """The parsed needs file. Raises ``ValueError`` when a center type names an unknown need or a priority
    is not 0–2, ``OSError``/``yaml.YAMLError`` when the file cannot be read."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    needs = data["needs"]
    for name, need in needs.items():
        if need.get("priority") not in (0, 1, 2):
            raise ValueError(f"{path.name}: need {name!r}: priority must be 0, 1 or 2")
    for code, t in data["center_types"].items():
        served = t["needs"]
        if served != "all" and not set(served) <= set(needs):
            raise ValueError(f"{path.name}: center type {code}: unknown needs {sorted(set(served) - set(needs))}")
    return data


_DATA = _load()

Need = StrEnum("Need", {name: name for name in _DATA["needs"]})  # type: ignore[misc]
Need.__doc__ = "What a citizen needs; the key used to route to centers (BRIEF contract #4; ``needs.yml``)."

NEED_PRIORITY: dict[str, int] = {name: int(n["priority"]) for name, n in _DATA["needs"].items()}
"""``{need: escalation priority}`` (1 = high, 2 = normal; 0 is reserved for danger)."""

DEFAULT_PRIORITY: int = int(_DATA["default_priority"])
"""The escalation priority of a conversation whose need is unknown."""


def priority_for_need(need: str | None) -> int:
    """The escalation priority of a conversation about ``need`` (``NEED_PRIORITY``; unknown or None →
    ``DEFAULT_PRIORITY``)."""
    return NEED_PRIORITY.get(need or "", DEFAULT_PRIORITY)


@dataclass(frozen=True)
class CenterType:
    """One center type.

    Attributes:
        code: stable code (``EMF``, ``COAPH``, …).
        label_ar: official Arabic name (as written in the seed where it appears there).
        label_fr: official French name.
        needs: the needs this type is offered for (empty = listed in the directory, never routed to).
        source_lines: lines of the seed document where the term appears.
        rationale: why it serves these needs (source or routing decision).
        fr_usage: the French label is standard administrative usage, not printed in the source.
    """

    code: str
    label_ar: str
    label_fr: str
    needs: frozenset[Need]
    source_lines: tuple[int, ...]
    rationale: str
    fr_usage: bool = False


CENTER_TYPES: dict[str, CenterType] = {
    code: CenterType(code, t["label_ar"], t["label_fr"],
                     frozenset(Need) if t["needs"] == "all" else frozenset(Need(n) for n in t["needs"]),
                     tuple(t["source_lines"]), t["rationale"], bool(t.get("fr_usage", False)))
    for code, t in _DATA["center_types"].items()
}
"""``{code: CenterType}`` in the order of ``needs.yml``."""

CenterTypeCode = str


def needs_for(code: CenterTypeCode) -> frozenset[Need]:
    """Return the needs served by center type ``code``. Raises KeyError for an unknown code."""
    return CENTER_TYPES[code].needs


def types_for_need(need: Need | str) -> list[CenterTypeCode]:
    """Return the codes of the center types that serve ``need`` (a ``Need`` or its string value)."""
    need = Need(need)
    return [c for c, t in CENTER_TYPES.items() if need in t.needs]


# --- classification of seed named_places entries ------------------------------------------------
# Rules are tried in order on the English description (``what_en``, written by the seed's author) and
# confirmed on the Arabic (``what_ar``). A rule yields one or more type codes; several rules can match one
# entry (e.g. L1587 lists CAPE, COAPH, EMF and CAS in one sentence).

_NOT_A_CENTER = re.compile(
    r"accessible cities|ADS |programme|action plan|diagnosis|agreement|fairs|camp|boarding|"
    r"apprenticeship|carpet|cooperatives|INAS|SOS Children|integrated territorial|"
    r"visited by the minister|conversion into a 'Jisr'|begging",
    re.IGNORECASE,
)

_RULES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bCAPE\b|child-protection (accompaniment )?cent|child-protection centre", re.IGNORECASE), ("CAPE",)),
    (re.compile(r"\bCOAPH\b|orientation & assistance centre", re.IGNORECASE), ("COAPH",)),
    (re.compile(r"\bEMF\b|multifunctional (institution|space)", re.IGNORECASE), ("EMF",)),
    (re.compile(r"\bCAS\b|social-assistance centre", re.IGNORECASE), ("CAS",)),
    (re.compile(r"SAMU social|social-emergency|social ambulance", re.IGNORECASE), ("SAMU_SOCIAL",)),
    (
        re.compile(
            r"disabilit|special needs|autistic",
            re.IGNORECASE,
        ),
        ("DISABILITY_CENTER",),
    ),
    (re.compile(r"elderly", re.IGNORECASE), ("EPS_ELDERLY",)),
    (re.compile(r"homeless|living on the street|vulnerable persons", re.IGNORECASE), ("EPS",)),
    (
        re.compile(r"women in difficult situations|vulnerable women|'Annajd'|women's care", re.IGNORECASE),
        ("WOMEN_SHELTER",),
    ),
    (re.compile(r"Jisr multi-service window|new-generation \(Jisr\) centre", re.IGNORECASE), ("JISR_WINDOW",)),
    (
        re.compile(
            r"Dar Al Mouatine|education & training|women & child space|child space|kindergarten|"
            r"women's rehabilitation|socio-educational",
            re.IGNORECASE,
        ),
        ("EN_SOCIAL_CENTER",),
    ),
)

# Entries whose English description needs a per-entry decision (seed region code, index in named_places)
# → types. Each carries the reason.
_OVERRIDES: dict[tuple[int, int], tuple[tuple[str, ...], str]] = {
    (9, 0): (
        ("CAPE", "COAPH", "EMF", "CAS"),
        "L1587 lists the centres visited in the Agadir area: Dar Moumkin, CAPE, COAPH, EMF, CAS.",
    ),
    (9, 7): (
        ("EPS", "EMF", "CAPE"),
        "L1804-1808: three social-care institutions in Tiznit: centre for homeless persons, EMF, CAPE.",
    ),
    (2, 12): (
        ("EMF", "WOMEN_SHELTER", "CAPE", "COAPH"),
        "L2097-2100: equipment of EMF, 'Annajd' centre for women in difficult situations, CAPE, COAPH.",
    ),
    (2, 17): (
        ("EN_SOCIAL_CENTER", "DISABILITY_CENTER"),
        "L2114/2117: women & child space and centre for persons with disabilities at Touissit.",
    ),
    (2, 18): (("DISABILITY_CENTER", "EMF"), "L2115-2116: disability centre + EMF at Guenfouda."),
    (2, 15): (
        ("DISABILITY_CENTER",),
        "L2104-2106: rehabilitation & integration centre for persons with disabilities at Guercif.",
    ),
    (2, 23): (
        ("DISABILITY_CENTER",),
        "L2128/2143: reception centre and rehabilitation & integration centre for persons with disabilities.",
    ),
    (2, 7): ((), "L2006: projects supported (associations), no center named."),
    (5, 6): (
        ("WOMEN_SHELTER",),
        "L2761: women's care & child-protection centre (equipment); routed for women in difficulty.",
    ),
    (5, 14): ((), "L2772: the type of the centre is missing in the text."),
    (8, 11): (
        ("EPS_ELDERLY",),
        "L1232: shelter for elderly and homeless persons (Zagora province).",
    ),
    (8, 0): (("DISABILITY_CENTER",), "L1212: socio-educational centre for persons with special needs."),
    (8, 6): (("DISABILITY_CENTER",), "L1222: socio-educational centre for children with disabilities."),
    (9, 2): (("DISABILITY_CENTER",), "L1587: socio-educational centre for persons with disabilities."),
    (10, 16): (("EPS_ELDERLY",), "L2554: reception centre for homeless elderly persons."),
    (11, 11): (("EPS",), "L970: regional social centre receiving people living on the street."),
    (11, 9): ((), "L959: social-protection centre against begging — an action plan partner, not routed."),
    (11, 14): (
        ("EN_SOCIAL_CENTER", "CAS"),
        "L973: women's rehabilitation space + social-assistance centre (CAS) at Es-Semara.",
    ),
    (11, 13): (
        ("EN_SOCIAL_CENTER",),
        "L971-972: kindergarten and education & training centre at Boujdour.",
    ),
    (5, 3): (("EPS",), "L2753: regional social-emergency & integration centre sheltering homeless persons."),
    (2, 6): (
        ("EPS",),
        "L1928: reception centre for homeless persons and homeless persons with mental illness (Oujda).",
    ),
    (6, 6): ((), "L3254: a 2018 agreement to build centres; sites and exact types not given."),
}


def classify_named_place(entry: Mapping[str, Any], key: tuple[int, int] | None = None) -> tuple[str, ...]:
    """Classify a seed ``named_places`` entry to center type codes.

    Args:
        entry: one item of ``named_places`` in ``seed/regions.json`` (keys ``what_en``, ``what_ar``, …).
        key: ``(region_code, index in named_places)``, used for the documented per-entry overrides.

    Returns:
        The type codes it describes, in source order, without duplicates; ``()`` when the entry is not a
        center of a known type (a programme, an agreement, a boarding house, …).
    """
    if key is not None and key in _OVERRIDES:
        return _OVERRIDES[key][0]
    what = entry.get("what_en", "")
    if _NOT_A_CENTER.search(what) and not re.search(r"\b(EMF|CAPE|COAPH|CAS)\b", what):
        return ()
    found: list[str] = []
    for pattern, codes in _RULES:
        if pattern.search(what):
            for c in codes:
                if c not in found:
                    found.append(c)
    if "COAPH" in found and "DISABILITY_CENTER" in found:  # a COAPH is not also a second center
        found.remove("DISABILITY_CENTER")
    return tuple(found)


def classification_reason(key: tuple[int, int]) -> str | None:
    """The documented reason of a per-entry override, or None when the generic rules applied."""
    o = _OVERRIDES.get(key)
    return o[1] if o else None
