"""Action ``find_centers``: list up to 3 nearest centers for a need, with distance and known contacts.

Params: ``need`` (``violence``, ``mediation``, ``disability``, ``child``, ``elderly``, ``homeless`` —
``services.center_types.Need``; may be ``$need``), optional ``types`` (center type codes to keep, e.g.
``[EMF, LISTENING_CENTER]``), ``k`` (default 3). Reads slots ``latitude``/``longitude``/``place_name_*``.

Calls ``services.directory.nearest_centers`` (contract #5). Only open (``existing``) centers are listed and
offered (pick buttons); ``in_progress`` centers nearby are mentioned after the list as information only
(``centers-opening-soon``: not open yet, no button, "don't go there yet"); ``planned`` ones never. Says one
``centers-item`` per center: name, type label, distance in km (1 decimal) — or "in <city>" when the
location is a typed place and the center is in it, or under 1 km (centroid precision) — and phone/address/hours only
when the directory knows them (``none`` → the locale says "not known — ask at …").
Sets slot ``centers`` = ``{id: {"name_ar", "name_fr", "bookable"}}`` and ``options`` for a following
``pick`` question. Outcomes: ``found``, ``far`` (nearest beyond ``far_center_km``; regional list shown),
``none``, ``unavailable`` (no database / directory error).

``centers-far`` names the understood place (``$place``: its display name by script), the distance of the
nearest open center (``$nearest_km``, km) and where the listed centers are (``$where``: ``same`` — all in the
person's region, ``other`` — all in other regions, ``mixed``); ``centers-none`` names the place too.
"""

from __future__ import annotations

from typing import Any

import locales
from dialogues.actions._support import NoDatabase, log, name_of, session, type_label

KEYS = ("centers-intro", "centers-item", "centers-far", "centers-none", "centers-unavailable", "centers-pick-button",
        "centers-opening-soon",)
"""Locale keys this action says (checked by ``jisr flows check``)."""


def _type_unless_named(center: Any, variety: str) -> str:
    """The type label, or ``none`` when the center's name already contains it (or its code)."""
    label, name = type_label(center.type_code, variety), name_of(center, variety)
    return "none" if label in name or center.type_code in name else label


def _in_city(state: Any, ctx: Any, center: Any, distance_km: float) -> str:
    """The name of the center's place (by script) when a distance would be meaningless, else ``none``.

    Seed centers are located at their place's centroid (``coordinates_precision: place_centroid``), and a
    typed place is its centroid too: "0 km" then only means "in the same town". So the item says "in
    <city>" when the user's location came from a typed place (slot ``location_source`` = ``place``) and the
    center is in that place, or when the distance is under 1 km (a GPS point at the town's centroid)."""
    place_id = getattr(center, "place_id", None)
    same_place = place_id is not None and place_id == state.slots.get("place_id")
    typed = state.slots.get("location_source") == "place"
    if not ((typed and same_place) or distance_km < 1.0):
        return "none"
    place = None
    gaz = ctx.get_gazetteer() if hasattr(ctx, "get_gazetteer") else None
    if gaz is not None and place_id:
        try:
            place = gaz.get(place_id)
        except Exception:  # noqa: BLE001 - unknown place id: fall back to the user's place name
            place = None
    if place is not None:
        return name_of(place, state.variety)
    if same_place:
        key = "place_name_ar" if state.variety in ("ary", "ar") else "place_name_fr"
        return str(state.slots.get(key) or "none")
    return "none"


async def run(state: Any, ctx: Any, params: dict[str, Any]) -> Any:
    from dialogues.engine import ActionResult, Reply

    lat, lon = state.slots.get("latitude"), state.slots.get("longitude")
    need = str(params.get("need") or state.slots.get("need") or "")
    if lat is None or lon is None or not need:
        return ActionResult(outcome="none", replies=[Reply("centers-none", {"place": "$place_name"})])
    far_km = float(getattr(ctx.settings, "far_center_km", 60.0) or 60.0)
    try:
        from services.directory import nearest_centers

        async with session(ctx) as s:
            result = await nearest_centers(s, need, float(lat), float(lon), k=int(params.get("k", 3)), far_km=far_km)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable", replies=[Reply("centers-unavailable")])
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("nearest_centers failed")
        return ActionResult(outcome="unavailable", replies=[Reply("centers-unavailable")])
    types = set(params.get("types") or [])
    hits = [h for h in result.hits if not types or h.center.type_code in types]
    regional = [h for h in result.regional if not types or h.center.type_code in types]
    v = state.variety
    soon = [h for h in result.opening_soon if not types or h.center.type_code in types]
    soon_replies = [Reply("centers-opening-soon", {
        "count": len(soon),
        "list": "\n".join(f"• {name_of(h.center, v)}" + (
            " (" + locales.t(v, "centers-distance-km", km=round(float(h.distance_km))) + ")"
            if h.distance_km >= 1.0 else "") for h in soon),
    })] if soon else []
    replies: list[Any] = []
    outcome = "found"
    if result.far or not hits:
        shown = hits[:3]
        if regional and not any(h.center.region_code == result.region for h in shown):
            shown = hits[:2] + regional[:1]  # the nearest, and the nearest of the person's own region
        if not shown:
            return ActionResult(outcome="none",
                                replies=[Reply("centers-none", {"place": "$place_name"}), *soon_replies])
        outcome = "far"
        in_region = [h.center.region_code == result.region for h in shown]
        where = "same" if all(in_region) else "other" if not any(in_region) else "mixed"
        replies.append(Reply("centers-far", {"km": round(far_km), "place": "$place_name", "where": where,
                                             "nearest_km": round(float(shown[0].distance_km))}))
    else:
        shown = hits
        replies.append(Reply("centers-intro", {"place": "$place_name"}))
    centers: dict[str, Any] = {}
    options = []
    for n, hit in enumerate(shown, 1):
        c = hit.center
        replies.append(Reply("centers-item", {
            "n": n, "name": name_of(c, v), "type": _type_unless_named(c, v),
            "km": round(float(hit.distance_km), 1), "city": _in_city(state, ctx, c, float(hit.distance_km)),
            "status": c.status,
            "phone": c.phone or "none", "address": c.address or "none", "hours": c.hours or "none",
            "contact": "some" if (c.phone or c.address or c.hours) else "none",
        }))
        centers[str(c.id)] = {"name_ar": c.name_ar, "name_fr": c.name_fr, "bookable": bool(c.bookable),
                              "type": c.type_code, "status": c.status}
        options.append({"value": str(c.id), "key": "centers-pick-button", "args": {"name": name_of(c, v)}})
    replies.extend(soon_replies)
    state.slots["centers"] = centers
    return ActionResult(outcome=outcome, replies=replies, options=options)
