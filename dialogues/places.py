"""The person's place in the conversation's slots: storing a gazetteer place, and remembering a place named
in a message (an NLU ``city`` entity, or in menu mode a place named exactly)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dialogues.state import ActionContext, ConversationState

log = logging.getLogger("dialogues.engine")

EXACT_PLACE_SCORE = 99.0  # gazetteer score of an exact name/alias match (fuzzy matches score lower)

PLACE_SLOTS = ("place_id", "place_name_ar", "place_name_fr", "region_code", "location_source", "latitude",
               "longitude")
"""The slots :func:`set_place` writes."""


@dataclass
class Match:
    """A gazetteer match found by id (shaped like ``services.gazetteer`` matches: ``.place``)."""

    place: Any


def has_place(state: ConversationState) -> bool:
    """True when the conversation knows the person's point (``latitude`` and ``longitude`` slots)."""
    return state.slots.get("latitude") is not None and state.slots.get("longitude") is not None


def set_place(state: ConversationState, place: Any, *, keep_point: bool = False) -> None:
    """Store a ``services.gazetteer.Place`` in the slots: ``place_id``, ``place_name_ar``/``_fr``,
    ``region_code`` and, unless ``keep_point`` (a shared location is more precise), its centroid as
    ``latitude``/``longitude``. ``location_source`` records where the point comes from: ``gps`` (a shared
    location, ``keep_point``) or ``place`` (a typed/named place: the point is the place's centroid)."""
    state.slots.update(place_id=place.id, place_name_ar=place.name_ar, place_name_fr=place.name_fr,
                       region_code=place.region_code, location_source="gps" if keep_point else "place")
    if not keep_point:
        state.slots.update(latitude=place.latitude, longitude=place.longitude)


def remember_city(state: ConversationState, ctx: ActionContext, city: str) -> bool:
    """Remember the place of an NLU ``city`` entity (by id, else a single gazetteer match); True when one
    was remembered. Never raises (a gazetteer failure is logged)."""
    gaz = ctx.get_gazetteer()
    if gaz is None:
        return False
    try:
        try:
            place = gaz.get(city)
        except KeyError:
            matches = gaz.resolve(city)
            place = matches[0].place if len(matches) == 1 else None
    except Exception:
        log.exception("gazetteer failed on an entity")
        return False
    if place is not None:
        set_place(state, place)
    return place is not None


def remember_place_in_text(state: ConversationState, ctx: ActionContext, text: str) -> bool:
    """Menu mode (no NLU ``city`` entity): a place named exactly in ``text`` is remembered; True when one
    was. Never raises."""
    gaz = ctx.get_gazetteer()
    if gaz is None:
        return False
    try:
        matches = [m for m in gaz.resolve(text) if m.score >= EXACT_PLACE_SCORE]
    except Exception:
        log.exception("gazetteer failed on a message")
        return False
    if len(matches) == 1:
        set_place(state, matches[0].place)
        return True
    return False
