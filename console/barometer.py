"""The social barometer's page (``/console/barometer``) for the ``analyst`` role (and admins).

Everything shown is read from the anonymous ``barometer_event`` table (``services/barometer.py``) and
published under k-anonymity: a count under ``BAROMETER_MIN_COUNT`` (default 10) is ``< 10``; a total is exact
only when none of its cells is hidden (else a lower bound ``≥ N``). The page shows:

* a schematic tile map of Morocco's 12 regions (not their boundaries: no boundary data is available on the
  build machine), coloured by located requests per 100,000 inhabitants (2024 census figures from
  ``services/data/population_2024.json``, marked unverified there); hidden counts and unknown populations are
  grey, never coloured;
* needs over ISO weeks (journeys started: a Chart.js chart, vendored in ``static/``, and the same table);
* the unmet-need table: need × province where no open center was within ``FAR_CENTER_KM``;
* the danger escalations' waiting times until an operator took them (median, 90th percentile: upper bounds of
  classes, seconds), nationally and by region;
* filters: period (local dates, whole ISO weeks), need, variety, channel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from console.web import Ctx, route
from services import barometer as baro
from services.models import Province, Region

DEFAULT_WEEKS = 12  # the default period: the last 12 ISO weeks
MAX_WEEKS = 104  # a longer period is cut to its last 104 weeks (the chart stays readable)
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")  # 5 classes, light → dark (ColorBrewer Blues)
HIDDEN_FILL = "#d0d0d0"
UNKNOWN_FILL = "#ffffff"
# schematic tile map (column, row) of the 12 regions (official codes), roughly from north to south
TILES: dict[int, tuple[int, int]] = {
    1: (1, 0), 4: (0, 1), 3: (1, 1), 2: (2, 1), 6: (0, 2), 5: (1, 2), 7: (0, 3), 8: (1, 3), 9: (0, 4),
    10: (0, 5), 11: (0, 6), 12: (0, 7),
}
TILE_W, TILE_H, TILE_GAP = 118, 64, 6


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(ctx: Ctx) -> tuple[baro.Filters, dict[str, str]]:
    """The filters of the query string (unknown values are ignored) and their values for the form."""
    q = ctx.request.query_params
    today = ctx.deps.clock().astimezone(baro.TZ).date()
    until = _date(q.get("until")) or today
    since = _date(q.get("since")) or until - dt.timedelta(weeks=DEFAULT_WEEKS - 1)
    if since > until:
        since, until = until, since
    if (until - since).days > MAX_WEEKS * 7:
        since = until - dt.timedelta(weeks=MAX_WEEKS - 1)
    need = q.get("need") if q.get("need") in baro.NEEDS else None
    variety = q.get("variety") if q.get("variety") in baro.VARIETIES else None
    channel = (q.get("channel") or "")[:20] or None
    form = {"since": since.isoformat(), "until": until.isoformat(), "need": need or "", "variety": variety or "",
            "channel": channel or ""}
    return baro.Filters(since=since, until=until, need=need, variety=variety, channel=channel), form


def _weeks(since: dt.date, until: dt.date) -> list[str]:
    """Every ISO week from ``since`` to ``until`` (inclusive)."""
    out, day = [], since - dt.timedelta(days=since.weekday())
    while day <= until:
        out.append(baro.iso_week(day))
        day += dt.timedelta(days=7)
    return out


def _short(name: str) -> str:
    """A region's short name for its tile: the part before the first hyphen, without ``جهة``."""
    name = name.removeprefix("جهة").strip()
    return name.split("-")[0].strip()


def _classes(rates: list[float]) -> list[float]:
    """Upper bounds of the 5 colour classes: equal intervals from 0 to the highest published rate."""
    top = max(rates, default=0.0) or 1.0
    return [round(top * (i + 1) / len(PALETTE), 1) for i in range(len(PALETTE))]


def _class_of(rate: float, bounds: list[float]) -> int:
    for i, bound in enumerate(bounds):
        if rate <= bound:
            return i
    return len(bounds) - 1


async def _map(ctx: Ctx, filters: baro.Filters, k: int) -> dict[str, Any]:
    """The regions' tiles: located requests (``place_resolved``), population, rate per 100,000, colour."""
    cells = await baro.counts(ctx.db, ("region",), filters, kinds=("place_resolved",))
    regions = {r.code: r for r in (await ctx.db.execute(select(Region))).scalars()}
    people = baro.population()
    arabic = ctx.variety in ("ar", "ary")
    items = []
    for code in range(1, 13):
        n = cells.get((code,), {}).get("place_resolved", 0)
        shown = baro.publish(n, k)
        pop = people.get(code)
        rate = None if baro.is_hidden(shown) or pop is None else baro.rate_per_100k(n, pop.population)
        region = regions.get(code)
        name = (region.name_ar if arabic else region.name_fr) if region else str(code)
        items.append({"code": code, "name": name, "short": _short(name), "count": shown, "rate": rate,
                      "population": pop.population if pop else None, "verified": bool(pop and pop.verified),
                      "hidden": baro.is_hidden(shown)})
    unknown = sum(v.get("place_resolved", 0) for key, v in cells.items() if key[0] not in TILES)
    bounds = _classes([i["rate"] for i in items if i["rate"] is not None])
    for item in items:
        col, row = TILES[item["code"]]
        item["x"], item["y"] = col * (TILE_W + TILE_GAP), row * (TILE_H + TILE_GAP)
        if item["hidden"]:
            item["fill"], item["cls"] = HIDDEN_FILL, "hidden"
        elif item["rate"] is None:
            item["fill"], item["cls"] = UNKNOWN_FILL, "unknown"
        else:
            c = _class_of(item["rate"], bounds)
            item["fill"], item["cls"] = PALETTE[c], str(c)
        item["dark"] = item["cls"] in ("3", "4")
    total = baro.publish_total([cells.get((c,), {}).get("place_resolved", 0) for c in range(1, 13)] + [unknown], k)
    legend = [{"fill": PALETTE[i], "low": 0.0 if i == 0 else bounds[i - 1], "high": bounds[i]}
              for i in range(len(PALETTE))]
    return {"tiles": items, "total": total, "legend": legend,
            "width": 3 * TILE_W + 2 * TILE_GAP, "height": 8 * TILE_H + 7 * TILE_GAP,
            "tile_w": TILE_W, "tile_h": TILE_H}


async def _needs_over_weeks(ctx: Ctx, filters: baro.Filters, k: int, weeks: list[str]) -> dict[str, Any]:
    """Journeys started (distinct conversations) by need and week; suppressed cells are None in the chart."""
    cells = await baro.counts(ctx.db, ("week", "need"), filters, kinds=("journey_started",))
    needs = [n for n in baro.NEEDS if not filters.need or n == filters.need]
    rows = []
    for need in needs:
        values = [baro.publish(cells.get((w, need), {}).get("journey_started", 0), k) for w in weeks]
        rows.append({"need": need, "label": ctx.t(f"console-need-{need}"), "values": values})
    totals = [baro.publish_total([cells.get((w, n), {}).get("journey_started", 0) for n in needs], k) for w in weeks]
    chart = {"weeks": weeks, "series": [{"label": r["label"], "need": r["need"],
                                         "data": [v if isinstance(v, int) else None for v in r["values"]]}
                                        for r in rows]}
    return {"rows": rows, "totals": totals, "chart": chart}


async def _unmet(ctx: Ctx, filters: baro.Filters, k: int) -> dict[str, Any]:
    """Need × province of the requests with no open center within FAR_CENTER_KM (``unmet_need``)."""
    cells = await baro.counts(ctx.db, ("province", "need"), filters, kinds=("unmet_need",))
    provinces = {p.id: p for p in (await ctx.db.execute(select(Province))).scalars()}
    arabic = ctx.variety in ("ar", "ary")
    needs = [n for n in baro.NEEDS if not filters.need or n == filters.need]
    prov_ids = sorted({key[0] for key in cells}, key=lambda p: (p is None, str(p)))
    rows = []
    for pid in prov_ids:
        values = [cells.get((pid, n), {}).get("unmet_need", 0) for n in needs]
        p = provinces.get(pid)
        name = ((p.name_ar or p.name_fr) if arabic else p.name_fr) if p else ctx.t("barometer-unknown-province")
        rows.append({"province": name, "values": [baro.publish(v, k) for v in values],
                     "total": baro.publish_total(values, k)})
    rows.sort(key=lambda r: r["province"])  # by name: an order by size would rank the hidden cells
    column_totals = [baro.publish_total([cells.get((pid, n), {}).get("unmet_need", 0) for pid in prov_ids], k)
                     for n in needs]
    grand = baro.publish_total([v.get("unmet_need", 0) for v in cells.values()], k)
    return {"needs": [{"need": n, "label": ctx.t(f"console-need-{n}")} for n in needs], "rows": rows,
            "totals": column_totals, "grand": grand}


async def _waits(ctx: Ctx, filters: baro.Filters, k: int, regions: list[dict[str, Any]]) -> dict[str, Any]:
    """Danger escalations' waiting times (median, p90; seconds, upper bounds of classes) by region and
    nationally."""
    by_region = await baro.wait_classes(ctx.db, ("region",), filters, "danger_wait")
    everything = [c for classes in by_region.values() for c in classes]
    national = baro.wait_summary(everything, k)
    rows = []
    for r in regions:
        classes = by_region.get((r["code"],), [])
        median, p90 = baro.wait_summary(classes, k)
        rows.append({"name": r["name"], "count": baro.publish(len(classes), k), "median": median, "p90": p90})
    return {"count": baro.publish(len(everything), k), "median": national[0], "p90": national[1], "rows": rows}


async def _channels(ctx: Ctx) -> list[str]:
    rows = await ctx.db.execute(select(baro.BarometerEvent.channel).distinct())
    return sorted(c for (c,) in rows if c)


@route("/barometer", roles=("analyst", "admin"))
async def barometer_page(ctx: Ctx) -> Response:
    """The barometer (read-only): map, needs over weeks, unmet needs, danger waiting times, with filters."""
    filters, form = _filters(ctx)
    k = baro.min_count()
    weeks = _weeks(filters.since, filters.until)
    the_map = await _map(ctx, filters, k)
    needs = await _needs_over_weeks(ctx, filters, k, weeks)
    return ctx.render(
        "barometer.html", k=k, form=form, weeks=weeks, map=the_map, needs_weeks=needs,
        unmet=await _unmet(ctx, filters, k), waits=await _waits(ctx, filters, k, the_map["tiles"]),
        channels=await _channels(ctx), all_needs=baro.NEEDS, varieties=baro.VARIETIES,
        chart={"weeks": needs["chart"]["weeks"], "series": needs["chart"]["series"],
               "rtl": ctx.variety in ("ar", "ary"), "title": ctx.t("barometer-needs-title"),
               "hidden": ctx.t("barometer-hidden-short", k=k)},
        population_verified=all(t["verified"] for t in the_map["tiles"]),
    )
