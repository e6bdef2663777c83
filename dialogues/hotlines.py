"""Phone lines the journeys mention (8350, 2511, 19…), read from the one data file that records each
number's source and date checked: ``services/data/emergency_numbers.yml`` (owned by the message-path
area, also read by the safety net). Every rendered message receives them as Fluent args named by the
entry's ``id``: ``$police``, ``$gendarmerie``, ``$civil_protection``, ``$women_line``, ``$child_line``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

NUMBERS_FILE = Path(__file__).resolve().parent.parent / "services" / "data" / "emergency_numbers.yml"

# Used only while services/data/emergency_numbers.yml is absent from a checkout: the five numbers named by
# the project's issue 4 (police 19, gendarmerie 177, civil protection 15, women 8350, children 2511); the
# data file holds their sources.
_ISSUE_NUMBERS = {"police": "19", "gendarmerie": "177", "civil_protection": "15", "women_line": "8350",
                  "child_line": "2511"}


@lru_cache(maxsize=1)
def hotline_args() -> dict[str, str]:
    """``{id: number}`` for every entry of the data file (falls back to the issue's five numbers)."""
    if not NUMBERS_FILE.exists():
        return dict(_ISSUE_NUMBERS)
    data = yaml.safe_load(NUMBERS_FILE.read_text(encoding="utf-8")) or {}
    return {str(e["id"]): str(e["number"]) for e in data.get("numbers", [])}
