"""Action ``find_centers``: the nearest centers for a need, with distance and known contacts — and, when none
is near, what can help from where the person is.

Params: ``need`` (``violence``, ``mediation``, ``disability``, ``child``, ``elderly``, ``homeless`` —
``services.center_types.Need``; may be ``$need``), optional ``types`` (center type codes to keep, e.g.
``[EMF, LISTENING_CENTER]``), ``k`` (default 3), ``remote`` (default true: offer a remote referral when
nothing is near; the shelter journey says false — a bed tonight cannot come from a center far away),
``pick`` (default true: a pick question follows; false: no "write the center's name" hint).
Reads slots ``latitude``/``longitude``/``place_name_*``.

Calls ``services.directory.nearest_centers`` (contract #5). Only open (``existing``) centers are listed and
offered; ``in_progress`` centers nearby are mentioned after the list as information only
(``centers-opening-soon``: not open yet, no button); ``planned`` ones never. One ``centers-item`` per center:
name (without the directory's "(1/2)" numbering; two centers of one name are listed once), type label,
distance in km — or "in <city>" when the location is a typed place and the center is in it, or under 1 km
(centroid precision) — and phone/address/hours only when the directory knows them (``none`` → "not known —
ask at …").

**Near** (the nearest open center within ``FAR_CENTER_KM``): the centers within ``MAX_BOOKING_KM`` are
listed and offered (pick buttons); outcome ``found``.

**Far** (no open center within ``FAR_CENTER_KM``): outcome ``far``. ``centers-far`` names the place, the
distance of the nearest and whether it is in the person's region; then, first, what helps from where the
person is: a **remote referral** to the nearest suitable center (option ``remote:<id>``: its team writes to
the person in this conversation — ``far-remote``), the national line or platform of the need
(``far-remote-help``: 8350, 2511, 15, the IDMAJ platform; elderly and mediation have none: the Entraide
Nationale delegation), the nearest open **general orientation point** within ``MAX_BOOKING_KM``
(``services.directory.nearest_orientation_point``, ``far-orientation``); then the centers within
``MAX_BOOKING_KM`` (offered); the farther ones are listed as **information only** (``far-info``): their
options are ``hidden`` (no button, no number) and answer only a person who writes the center's name — who
is then asked to confirm (``select_center`` outcome ``far``) before any slot (``offer_slots`` refuses
slots beyond the limit otherwise). Outcome ``none`` when no open center serves the need at all.

A conversation with an escalation (slot ``escalation_id``: opened by danger before any journey) gives it its
journey and region when they were unknown (``services.escalations.note_context``), for the operators' queue.

Sets slot ``centers`` = ``{id: {"name_ar", "name_fr", "bookable", "type", "status", "km"}}`` and ``options``
for a following ``pick`` question. Outcomes: ``found``, ``far``, ``none``, ``unavailable`` (no database /
directory error).
"""

from __future__ import annotations

from typing import Any

import locales
from dialogues.actions._support import NoDatabase, citizen_name, log, name_of, session, type_label

KEYS = ("centers-intro", "centers-item", "centers-far", "centers-none", "centers-unavailable", "centers-pick-button",
        "centers-opening-soon", "far-remote", "far-remote-help", "far-orientation", "far-info",
        "far-referral-button", "far-orientation-button", "far-info-by-name")
"""Locale keys this action says (checked by ``jisr flows check``)."""

REMOTE_PREFIX = "remote:"  # the option value of a remote referral: ``remote:<center id>``


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


def _distinct(hits: list[Any]) -> list[Any]:
    """``hits`` without a second center of the same citizen-facing name (two EMFs of one town, "(1/2)" and
    "(2/2)" in the directory, are one line to a person: same place, nothing else known to tell them apart)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for h in hits:
        key = (citizen_name(h.center.name_fr), citizen_name(h.center.name_ar))
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def _km(value: float) -> int:
    return round(float(value))


async def run(state: Any, ctx: Any, params: dict[str, Any]) -> Any:
    """Find the centers (see the module docstring)."""
    from dialogues.engine import ActionResult, Reply

    lat, lon = state.slots.get("latitude"), state.slots.get("longitude")
    need = str(params.get("need") or state.slots.get("need") or "")
    if lat is None or lon is None or not need:
        return ActionResult(outcome="none", replies=[Reply("centers-none", {"place": "$place_name"})])
    far_km = float(getattr(ctx.settings, "far_center_km", 60.0) or 60.0)
    max_km = float(getattr(ctx.settings, "max_booking_km", 150.0) or 150.0)
    k = int(params.get("k", 3))
    try:
        from services.directory import nearest_centers, nearest_orientation_point

        async with session(ctx) as s:
            result = await nearest_centers(s, need, float(lat), float(lon), k=k + 2, far_km=far_km)
            types = set(params.get("types") or [])
            hits = _distinct([h for h in result.hits if not types or h.center.type_code in types])
            near = bool(hits) and hits[0].distance_km <= far_km
            if state.slots.get("escalation_id") is not None:
                # the hotline queue learns the journey and region of a conversation opened by danger
                from services.escalations import note_context

                try:
                    await note_context(s, int(state.slots["escalation_id"]), need, state.slots.get("region_code"))
                except Exception:  # noqa: BLE001 - the list of centers matters more than the queue's columns
                    log.warning("escalation-context-not-noted")
            point = None
            if not near:
                point = await nearest_orientation_point(s, float(lat), float(lon), max_km,
                                                        exclude={h.center.id for h in hits})
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable", replies=[Reply("centers-unavailable")])
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("nearest_centers failed")
        return ActionResult(outcome="unavailable", replies=[Reply("centers-unavailable")])
    regional = _distinct([h for h in result.regional if not types or h.center.type_code in types])
    v = state.variety
    soon = [h for h in result.opening_soon if not types or h.center.type_code in types][:k]
    soon_replies = [Reply("centers-opening-soon", {
        "count": len(soon),
        "list": "\n".join(f"• {name_of(h.center, v)}" + (
            " (" + locales.t(v, "centers-distance-km", km=_km(h.distance_km)) + ")"
            if h.distance_km >= 1.0 else "") for h in soon),
    })] if soon else []
    centers: dict[str, Any] = {}
    options: list[dict[str, Any]] = []
    replies: list[Any] = []

    def remember(hit: Any) -> None:
        c = hit.center
        centers[str(c.id)] = {"name_ar": citizen_name(c.name_ar), "name_fr": citizen_name(c.name_fr),
                              "bookable": bool(c.bookable), "type": c.type_code, "status": c.status,
                              "km": round(float(hit.distance_km), 1)}

    def item(n: int, hit: Any) -> Any:
        c = hit.center
        return Reply("centers-item", {
            "n": n, "name": name_of(c, v), "type": _type_unless_named(c, v),
            "km": round(float(hit.distance_km), 1), "city": _in_city(state, ctx, c, float(hit.distance_km)),
            "status": c.status,
            "phone": c.phone or "none", "address": c.address or "none", "hours": c.hours or "none",
            "contact": "some" if (c.phone or c.address or c.hours) else "none",
        })

    if near:
        shown = [h for h in hits if h.distance_km <= max_km][:k]
        replies.append(Reply("centers-intro", {"place": "$place_name"}))
        for n, hit in enumerate(shown, 1):
            replies.append(item(n, hit))
            remember(hit)
            options.append({"value": str(hit.center.id), "key": "centers-pick-button",
                            "args": {"name": name_of(hit.center, v)}})
        replies.extend(soon_replies)
        state.slots["centers"] = centers
        return ActionResult(outcome="found", replies=replies, options=options)

    # far: nothing open within FAR_CENTER_KM
    listed = hits[:k]
    if regional and not any(h.center.region_code == result.region for h in listed):
        listed = hits[:k - 1] + regional[:1]  # the nearest, and the nearest of the person's own region
    if not listed and point is None:
        return ActionResult(outcome="none", replies=[Reply("centers-none", {"place": "$place_name"}), *soon_replies])
    if listed:
        nearest = listed[0]
        replies.append(Reply("centers-far", {
            "km": _km(far_km), "place": "$place_name", "nearest_km": _km(nearest.distance_km),
            "where": "same" if nearest.center.region_code == result.region else "other"}))
    else:
        replies.append(Reply("centers-none", {"place": "$place_name"}))
    # first: what helps from where the person is
    remote = str(params.get("remote", True)).lower() not in ("false", "0", "no")
    if remote and listed:
        target = listed[0]
        remember(target)
        replies.append(Reply("far-remote", {"center": name_of(target.center, v)}))
        options.append({"value": f"{REMOTE_PREFIX}{target.center.id}", "key": "far-referral-button", "args": {}})
    replies.append(Reply("far-remote-help", {"need": need}))
    if point is not None:
        remember(point)
        replies.append(Reply("far-orientation", {"name": name_of(point.center, v), "km": _km(point.distance_km),
                                                 "city": _in_city(state, ctx, point.center, point.distance_km)}))
        options.append({"value": str(point.center.id), "key": "far-orientation-button",
                        "args": {"name": name_of(point.center, v)}})
    # then the centers within reach (offered), and the farther ones as information only
    reach = [h for h in listed if h.distance_km <= max_km]
    beyond = [h for h in listed if h.distance_km > max_km]
    for n, hit in enumerate(reach, len(options) + 1):  # numbered as their buttons (after the remote ones)
        replies.append(item(n, hit))
        remember(hit)
        options.append({"value": str(hit.center.id), "key": "centers-pick-button",
                        "args": {"name": name_of(hit.center, v)}})
    if beyond:
        in_region = [h.center.region_code == result.region for h in beyond]
        replies.append(Reply("far-info", {
            "count": len(beyond), "limit": _km(max_km),
            "where": "same" if all(in_region) else "other" if not any(in_region) else "mixed",
            "list": "\n".join(f"• {name_of(h.center, v)} ("
                              + locales.t(v, "centers-distance-km", km=_km(h.distance_km)) + ")" for h in beyond),
        }))
        if str(params.get("pick", True)).lower() not in ("false", "0", "no"):
            replies.append(Reply("far-info-by-name"))
        for hit in beyond:
            remember(hit)
            # no button, no number: only the center's name, written by the person, picks it (then confirmed)
            options.append({"value": str(hit.center.id), "key": "centers-pick-button",
                            "args": {"name": name_of(hit.center, v)}, "hidden": True})
    replies.extend(soon_replies)
    state.slots["centers"] = centers
    return ActionResult(outcome="far", replies=replies, options=options)
