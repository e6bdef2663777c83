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

from dataclasses import dataclass
from typing import Any

from pydantic import Field

import locales
from dialogues.actions._params import ActionParams, CenterTypeCode, NeedName
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


class Params(ActionParams):
    """See the module docstring."""

    need: NeedName | None = None
    types: list[CenterTypeCode] = Field(default_factory=list)
    k: int = Field(default=3, ge=1, le=10)
    remote: bool = True
    pick: bool = True


@dataclass
class _Found:
    """What the directory returned, filtered by ``types``: ``hits`` (open, distinct names), ``regional``,
    ``soon`` (opening soon), ``near`` (the nearest within ``far_km``), ``point`` (orientation point, when far)."""

    result: Any
    hits: list[Any]
    regional: list[Any]
    soon: list[Any]
    near: bool
    point: Any


async def _search(state: Any, ctx: Any, params: Params, need: str, far_km: float, max_km: float) -> _Found:
    """Query the directory (and note the journey on an escalation opened by danger). Raises
    :class:`NoDatabase`, ``ImportError`` or any service error."""
    from services.directory import nearest_centers, nearest_orientation_point

    lat, lon = float(state.slots["latitude"]), float(state.slots["longitude"])
    types = set(params.types)

    def keep(hits: list[Any]) -> list[Any]:
        return [h for h in hits if not types or h.center.type_code in types]

    async with session(ctx) as s:
        result = await nearest_centers(s, need, lat, lon, k=params.k + 2, far_km=far_km)
        hits = _distinct(keep(result.hits))
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
            point = await nearest_orientation_point(s, lat, lon, max_km, exclude={h.center.id for h in hits})
    return _Found(result, hits, _distinct(keep(result.regional)), keep(result.opening_soon)[:params.k], near, point)


class _Listing:
    """The replies, ``pick`` options and slot ``centers`` being built for one answer."""

    def __init__(self, state: Any, ctx: Any) -> None:
        from dialogues.engine import Reply

        self.state, self.ctx, self.v, self.reply = state, ctx, state.variety, Reply
        self.centers: dict[str, Any] = {}
        self.options: list[dict[str, Any]] = []
        self.replies: list[Any] = []

    def say(self, key: str, args: dict[str, Any] | None = None) -> None:
        self.replies.append(self.reply(key, args or {}))

    def remember(self, hit: Any) -> None:
        c = hit.center
        self.centers[str(c.id)] = {"name_ar": citizen_name(c.name_ar), "name_fr": citizen_name(c.name_fr),
                                   "bookable": bool(c.bookable), "type": c.type_code, "status": c.status,
                                   "km": round(float(hit.distance_km), 1)}

    def offer(self, n: int, hit: Any) -> None:
        """Say ``centers-item`` number ``n`` and offer it as a pick button."""
        c, v = hit.center, self.v
        self.say("centers-item", {
            "n": n, "name": name_of(c, v), "type": _type_unless_named(c, v),
            "km": round(float(hit.distance_km), 1), "city": _in_city(self.state, self.ctx, c, float(hit.distance_km)),
            "status": c.status,
            "phone": c.phone or "none", "address": c.address or "none", "hours": c.hours or "none",
            "contact": "some" if (c.phone or c.address or c.hours) else "none",
        })
        self.remember(hit)
        self.options.append({"value": str(c.id), "key": "centers-pick-button", "args": {"name": name_of(c, v)}})

    def soon(self, soon: list[Any]) -> None:
        """Centers opening soon nearby, information only."""
        if not soon:
            return
        v = self.v
        self.say("centers-opening-soon", {
            "count": len(soon),
            "list": "\n".join(f"• {name_of(h.center, v)}" + (
                " (" + locales.t(v, "centers-distance-km", km=_km(h.distance_km)) + ")"
                if h.distance_km >= 1.0 else "") for h in soon),
        })

    def result(self, outcome: str) -> Any:
        from dialogues.engine import ActionResult

        self.state.slots["centers"] = self.centers
        return ActionResult(outcome=outcome, replies=self.replies, options=self.options)


async def run(state: Any, ctx: Any, params: Params) -> Any:
    """Find the centers (see the module docstring)."""
    from dialogues.engine import ActionResult, Reply

    lat, lon = state.slots.get("latitude"), state.slots.get("longitude")
    need = str(params.need or state.slots.get("need") or "")
    if lat is None or lon is None or not need:
        return ActionResult(outcome="none", replies=[Reply("centers-none", {"place": "$place_name"})])
    far_km = float(getattr(ctx.settings, "far_center_km", 60.0) or 60.0)
    max_km = float(getattr(ctx.settings, "max_booking_km", 150.0) or 150.0)
    try:
        found = await _search(state, ctx, params, need, far_km, max_km)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable", replies=[Reply("centers-unavailable")])
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("nearest_centers failed")
        return ActionResult(outcome="unavailable", replies=[Reply("centers-unavailable")])
    out = _Listing(state, ctx)
    if found.near:
        out.say("centers-intro", {"place": "$place_name"})
        for n, hit in enumerate([h for h in found.hits if h.distance_km <= max_km][:params.k], 1):
            out.offer(n, hit)
        out.soon(found.soon)
        return out.result("found")
    return _far(out, found, params, need, far_km, max_km)


def _far(out: _Listing, found: _Found, params: Params, need: str, far_km: float, max_km: float) -> Any:
    """Nothing open within ``far_km``: what helps from where the person is, then the centers in reach, the
    farther ones as information only (see the module docstring)."""
    from dialogues.engine import ActionResult, Reply

    k, v, region = params.k, out.v, found.result.region
    listed = found.hits[:k]
    if found.regional and not any(h.center.region_code == region for h in listed):
        listed = found.hits[:k - 1] + found.regional[:1]  # the nearest, and the nearest of the person's own region
    if not listed and found.point is None:
        out.soon(found.soon)
        return ActionResult(outcome="none", replies=[Reply("centers-none", {"place": "$place_name"}), *out.replies])
    if listed:
        nearest = listed[0]
        out.say("centers-far", {"km": _km(far_km), "place": "$place_name", "nearest_km": _km(nearest.distance_km),
                                "where": "same" if nearest.center.region_code == region else "other"})
    else:
        out.say("centers-none", {"place": "$place_name"})
    # first: what helps from where the person is
    if params.remote and listed:
        target = listed[0]
        out.remember(target)
        out.say("far-remote", {"center": name_of(target.center, v)})
        out.options.append({"value": f"{REMOTE_PREFIX}{target.center.id}", "key": "far-referral-button", "args": {}})
    out.say("far-remote-help", {"need": need})
    point = found.point
    if point is not None:
        out.remember(point)
        out.say("far-orientation", {"name": name_of(point.center, v), "km": _km(point.distance_km),
                                    "city": _in_city(out.state, out.ctx, point.center, point.distance_km)})
        out.options.append({"value": str(point.center.id), "key": "far-orientation-button",
                            "args": {"name": name_of(point.center, v)}})
    # then the centers within reach (offered), and the farther ones as information only
    for n, hit in enumerate([h for h in listed if h.distance_km <= max_km], len(out.options) + 1):
        out.offer(n, hit)  # numbered as their buttons (after the remote ones)
    beyond = [h for h in listed if h.distance_km > max_km]
    if beyond:
        _beyond(out, beyond, region, max_km, params.pick)
    out.soon(found.soon)
    return out.result("far")


def _beyond(out: _Listing, beyond: list[Any], region: Any, max_km: float, pick: bool) -> None:
    """Centers farther than ``max_km``: listed as information; options ``hidden`` (no button, no number: only
    the center's name, written by the person, picks it — then confirmed)."""
    v = out.v
    in_region = [h.center.region_code == region for h in beyond]
    out.say("far-info", {
        "count": len(beyond), "limit": _km(max_km),
        "where": "same" if all(in_region) else "other" if not any(in_region) else "mixed",
        "list": "\n".join(f"• {name_of(h.center, v)} ("
                          + locales.t(v, "centers-distance-km", km=_km(h.distance_km)) + ")" for h in beyond),
    })
    if pick:
        out.say("far-info-by-name")
    for hit in beyond:
        out.remember(hit)
        out.options.append({"value": str(hit.center.id), "key": "centers-pick-button",
                            "args": {"name": name_of(hit.center, v)}, "hidden": True})
