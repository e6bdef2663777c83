"""The barometer page (``/console/barometer``): for analysts and admins only; the tile map coloured from known
counts per 100,000 inhabitants, hidden cells never coloured or counted, the totals never revealing them,
needs over weeks, unmet needs by province, danger waiting times, filters, in French and Arabic."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import httpx
from console_support import console_app, session_cookie

from console.barometer import HIDDEN_FILL, PALETTE
from services import barometer as baro

TODAY = dt.datetime.now(dt.UTC)
WEEK = baro.iso_week(TODAY)
LAST_WEEK = baro.iso_week(TODAY - dt.timedelta(days=7))


async def add_events(world, spec: list[tuple[dict, int]]) -> None:
    """Insert ``n`` events of each ``values`` (the columns of ``barometer_event`` except the id)."""
    from services.models import Province, Region

    async with world.sessions() as db:
        if await db.get(Region, 1) is None:
            db.add(Region(code=1, name_fr="Tanger-Tétouan-Al Hoceïma", name_ar="جهة طنجة- تطوان- الحسيمة"))
        if await db.get(Province, "tanger-assilah") is None:
            await db.flush()
            db.add(Province(id="tanger-assilah", region_code=1, name_fr="Tanger-Assilah", name_ar="عمالة طنجة أصيلة"))
        for values, n in spec:
            for _ in range(n):
                db.add(baro.BarometerEvent(id=secrets.token_hex(16), **values))
        await db.commit()


KNOWN = [
    ({"week": WEEK, "kind": "place_resolved", "region": 6, "province": "casablanca", "need": "violence",
      "variety": "ary", "channel": "rest"}, 25),
    ({"week": WEEK, "kind": "place_resolved", "region": 1, "province": "tanger-assilah", "need": "violence",
      "variety": "fr", "channel": "telegram"}, 3),
    ({"week": LAST_WEEK, "kind": "place_resolved", "region": 4, "province": "rabat", "need": "child",
      "variety": "ar", "channel": "rest"}, 40),
    ({"week": WEEK, "kind": "journey_started", "region": None, "province": None, "need": "violence",
      "variety": "ary", "channel": "rest"}, 31),
    ({"week": WEEK, "kind": "journey_started", "region": None, "province": None, "need": "elderly",
      "variety": "fr", "channel": "rest"}, 2),
    ({"week": WEEK, "kind": "unmet_need", "region": 1, "province": "tanger-assilah", "need": "homeless",
      "variety": "fr", "channel": "rest", "outcome": "far"}, 12),
    ({"week": WEEK, "kind": "danger_wait", "region": 6, "province": None, "need": "violence",
      "variety": "ary", "channel": "rest", "outcome": "30"}, 8),
    ({"week": WEEK, "kind": "danger_wait", "region": 6, "province": None, "need": "violence",
      "variety": "ary", "channel": "rest", "outcome": "600"}, 3),
]


def tiles(html: str) -> dict[int, dict[str, str]]:
    """``{region code: {count, rate, class, fill}}`` read from the map's SVG."""
    out = {}
    for m in re.finditer(r'<g class="region-tile" data-region="(\d+)" data-count="([^"]*)" data-rate="([^"]*)" '
                         r'data-class="([^"]*)">.*?fill="(#[0-9a-f]{6})"', html, re.DOTALL):
        out[int(m[1])] = {"count": m[2], "rate": m[3], "class": m[4], "fill": m[5]}
    return out


async def get(world, username: str, path: str = "/console/barometer") -> httpx.Response:
    app = console_app(world)
    token = await session_cookie(world, username)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        return await client.get(path)


async def test_only_analysts_and_admins_see_the_barometer(world):
    for username in ("op1", "staffa"):
        r = await get(world, username)
        assert r.status_code == 403 and "region-tile" not in r.text
    for username in ("analyst1", "admin1"):
        assert (await get(world, username)).status_code == 200
    home = await get(world, "analyst1", "/console/")
    assert home.headers["location"].endswith("/barometer")


async def test_map_coloured_from_known_counts(world):
    await add_events(world, KNOWN)
    r = await get(world, "analyst1")
    assert r.status_code == 200
    html = r.text
    t = tiles(html)
    assert sorted(t) == list(range(1, 13))
    # Casablanca-Settat: 25 located requests / 7,688,967 inhabitants → 0.3 per 100,000
    assert t[6]["count"] == "25" and t[6]["rate"] == "0.3"
    # Rabat-Salé-Kénitra: 40 / 5,132,639 → 0.8, the highest rate: the darkest class
    assert t[4]["count"] == "40" and t[4]["rate"] == "0.8" and t[4]["fill"] == PALETTE[-1]
    assert t[6]["fill"] == PALETTE[1]  # 0.3 of a top of 0.8: second class (0.16–0.32)
    # Tanger: 3 requests — hidden, grey, no rate
    assert t[1]["count"] == "&lt; 10" and t[1]["rate"] == "" and t[1]["fill"] == HIDDEN_FILL
    assert t[8]["count"] == "0" and t[8]["rate"] == "0.0"
    # the national total would give Tanger's 3: a lower bound only (25 + 40 + 1 hidden cell)
    assert re.search(r'id="barometer-map-total"><bdi dir="ltr">≥ 66</bdi>', html)
    # needs over weeks: 31 violence, elderly 2 hidden, the week's total a lower bound
    row = re.search(rf'<tr data-week="{WEEK}">(.*?)</tr>', html, re.DOTALL)[1]
    assert 'data-need="violence"><bdi dir="ltr">31</bdi>' in row and 'data-need="elderly"><bdi dir="ltr">&lt; 10</bdi>' in row
    assert "≥ 32" in row
    assert '"data": [' in html.replace("&#34;", '"') or "barometer-data" in html
    # unmet needs: Tanger-Assilah, homeless, 12
    unmet = re.search(r'id="barometer-unmet">(.*?)</table>', html, re.DOTALL)[1]
    assert "Tanger-Assilah" in unmet and "<bdi dir=\"ltr\">12</bdi>" in unmet
    # danger waits: 11 taken nationally; median 30 s, p90 600 s; by region only where ≥ 10
    assert re.search(r'id="barometer-waits-national">.*?<bdi dir="ltr">11</bdi>.*?<bdi dir="ltr">30</bdi>.*?<bdi dir="ltr">600</bdi>', html, re.DOTALL)
    # the chart's data is the JSON block, hidden cells are null
    import json

    data = json.loads(re.search(r'<script type="application/json" id="barometer-data">(.*?)</script>', html, re.DOTALL)[1])
    series = {s["need"]: s["data"] for s in data["series"]}
    assert series["violence"][-1] == 31 and series["elderly"][-1] is None
    # no identifier, no text anywhere: only counts
    assert "conv" not in html.lower().replace("conversation", "")


async def test_filters_and_arabic(world):
    await add_events(world, KNOWN)
    r = await get(world, "analyst1", "/console/barometer?need=child&channel=rest")
    t = tiles(r.text)
    assert t[4]["count"] == "40" and t[6]["count"] == "0"
    since = (TODAY - dt.timedelta(days=2)).date().isoformat()
    r = await get(world, "analyst1", f"/console/barometer?since={since}&need=child")
    if baro.iso_week(TODAY - dt.timedelta(days=2)) == WEEK:  # last week's events are out of the period
        assert tiles(r.text)[4]["count"] == "0"
    from console.models import ConsoleUser

    async with world.sessions() as db:
        (await db.get(ConsoleUser, world.users["analyst1"])).locale = "ar"
        await db.commit()
    r = await get(world, "analyst1")
    assert 'dir="rtl"' in r.text and "البارومتر الاجتماعي" in r.text
    assert "طنجة" in r.text  # the regions' Arabic names on the tiles


async def test_attendance_marked_by_staff_is_counted(world):
    """Staff mark an appointment attended in the console: one ``appointment_attended`` event, the center's
    region; the person's key is nowhere in it."""
    from console_support import csrf_of
    from sqlalchemy import select

    from services.models import Appointment

    baro.RECORDER.reset()
    app = console_app(world)
    token = await session_cookie(world, "staffa")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        r = await client.post(f"/console/appointments/{world.appointment_a}/mark",
                              data={"csrf_token": await csrf_of(world, token), "mark": "attended"})
        assert r.status_code in (200, 303)
    assert await baro.RECORDER.flush(world.sessions) == 1
    async with world.sessions() as db:
        rows = (await db.execute(select(baro.BarometerEvent))).scalars().all()
        appt = await db.get(Appointment, world.appointment_a)
    assert [(r.kind, r.region) for r in rows] == [("appointment_attended", 6)]
    assert appt.person_key not in str([vars(r) for r in rows])
    baro.RECORDER.reset()
