"""Benchmark: where far requests lead — the distance of the first appointment slots a person is offered.

Run: ``.venv/bin/python bench/far_requests.py [--rasa-url URL] [--db URL]``

Six requests whose need has no open center near the person in the seed directory (disability card from
Oujda and Fès, elderly care from Casablanca, family mediation from Rabat, a child at risk in Casablanca, a
night's shelter in Marrakech), each in the four varieties, go through the whole message path (REST channel →
safety net → the trained Rasa model → flows → a seeded PostgreSQL directory where every open center has the
development demo hours, as ``make run`` sets them). The simulated person answers every question with its
**first** button — except the screening questions ("is there violence at home?", "is the child in danger
now?", "is someone sick?"), answered "no" — until the bot offers appointment slots, or the journey ends.

Prints, per request and variety: the first option offered after the list of centers, whether slots were
offered and the distance (km, great circle) between the person's place and the center of those slots; then
the number of requests that reach slots beyond ``MAX_BOOKING_KM`` (150 km).

Without ``--db`` a fresh database is made on the server of ``TEST_DATABASE_URL`` (default
``postgresql://127.0.0.1:5432/test``) and dropped at the end; without ``--rasa-url`` a Rasa service is
started on a free port with the model of ``nlu/models`` (``jisr nlu train`` first).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS: list[tuple[str, dict[str, str]]] = [
    ("disability card, Oujda", {
        "ary": "بغيت ناخد لكارطة ديال الإعاقة لولدي، أنا فوجدة",
        "ary-Latn": "bghit nakhod lkarta dyal l2i3a9a l weldi, ana f wjda",
        "ar": "أريد الحصول على بطاقة الإعاقة لابني، أنا في وجدة",
        "fr": "je veux la carte de handicap pour mon fils, j'habite à Oujda",
    }),
    ("disability card, Fès", {
        "ary": "بغيت ناخد لكارطة ديال الإعاقة لولدي، أنا ففاس",
        "ary-Latn": "bghit nakhod lkarta dyal l2i3a9a l weldi, ana f fes",
        "ar": "أريد الحصول على بطاقة الإعاقة لابني، أنا في فاس",
        "fr": "je veux la carte de handicap pour mon fils, j'habite à Fès",
    }),
    ("elderly care, Casablanca", {
        "ary": "بغيت دار العجزة لبابا، أنا فالدار البيضاء",
        "ary-Latn": "bghit markaz dyal lmsenin l bba, ana f casa",
        "ar": "أبحث عن مؤسسة لرعاية المسنين لأبي في الدار البيضاء",
        "fr": "je cherche un établissement pour personnes âgées pour mon père à Casablanca",
    }),
    ("family mediation, Rabat", {
        "ary": "بغيت الوساطة الأسرية، عندي مشكل مع راجلي، أنا فالرباط",
        "ary-Latn": "bghit wasata osariya, 3andi mochkil m3a rajli, ana f rbat",
        "ar": "أحتاج إلى وساطة أسرية بسبب خلافات زوجية، أنا في الرباط",
        "fr": "je cherche une médiation familiale, problème avec mon mari, je suis à Rabat",
    }),
    ("child protection, Casablanca", {
        "ary": "بغيت نحمي واحد الطفل ديال الجيران، أنا فالدار البيضاء",
        "ary-Latn": "bghit n7mi wa7ed tfel dyal jiran, ana f casa",
        "ar": "أريد حماية طفل من الجيران، أنا في الدار البيضاء",
        "fr": "je veux protéger un enfant de mes voisins, je suis à Casablanca",
    }),
    ("shelter, Marrakech", {
        "ary": "ما عنديش فين نبات الليلة، أنا فمراكش",
        "ary-Latn": "ma 3ndich fin nbat lyouma, ana f marrakech",
        "ar": "ليس لدي مكان للمبيت الليلة، أنا في مراكش",
        "fr": "je n'ai pas où dormir ce soir, je suis à Marrakech",
    }),
]
VARIETIES = ("ary", "ary-Latn", "ar", "fr")
SCREENING = {  # the "no" answer of the questions that would leave the journey for the emergency path
    ("family_mediation", "screen"): "/choose:family_mediation.screen.no",
    ("child_protection", "danger"): "/choose:child_protection.danger.no",
    ("homeless", "intro"): "/choose:homeless.intro.ok",
}
MAX_BOOKING_KM = 150.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_rasa() -> tuple[str, subprocess.Popen]:
    import httpx

    from nlu import project

    port = _free_port()
    log = open(Path(tempfile.gettempdir()) / f"far-requests-rasa-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(project.serve_command(port), cwd=ROOT, env=project.rasa_env(), stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("rasa exited early")
        try:
            if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                return url, proc
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.terminate()
    raise SystemExit("rasa did not start")


async def _prepare(url: str) -> None:
    from sqlalchemy import select

    from services.booking import parse_hours, set_opening_hours
    from services.cli import DEMO_HOURS
    from services.db import create_engine, session_factory
    from services.models import Center
    from services.seed import prepare_database

    await prepare_database(url)
    engine = create_engine(url)
    async with session_factory(engine)() as s:
        ids = list((await s.execute(select(Center.id).where(Center.status == "existing",
                                                            Center.hours.is_(None)))).scalars())
        for cid in ids:
            await set_opening_hours(s, cid, parse_hours(DEMO_HOURS), bookable=True, demo=True)
        await s.commit()
    await engine.dispose()


def _first_button(replies: list[dict[str, Any]]) -> tuple[str, str] | None:
    for r in replies:
        for b in r.get("buttons") or []:
            return b["title"], b["payload"]
    return None


def _slot_offered(replies: list[dict[str, Any]]) -> bool:
    return any(b["payload"][len("/pick:"):][:2] == "20" and "T" in b["payload"]
               for r in replies for b in r.get("buttons") or [] if b["payload"].startswith("/pick:"))


async def run(rasa_url: str, db_url: str, far_km: float | None, max_booking_km: float | None) -> list[dict]:
    """Play every request in every variety; one result dict each."""
    import httpx

    from bot.app import create_app
    from dialogues.engine import ConversationState
    from services.config import Settings
    from services.db import create_engine, session_factory
    from services.gazetteer import Gazetteer
    from services.geo import haversine_km
    from services.models import Center

    extra = {}
    if far_km is not None:
        extra["far_center_km"] = far_km
    if max_booking_km is not None:
        extra["max_booking_km"] = max_booking_km
    settings = Settings(rasa_url=rasa_url, database_url=db_url, reminders_enabled=False, **extra)
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    app = create_app(settings, session_factory=sessions, gazetteer=Gazetteer.default(), mount_console=False)
    results = []
    async with (httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.bench") as client,
                app.router.lifespan_context(app)):
        for name, texts in REQUESTS:
            for variety in VARIETIES:
                sender = f"bench-{secrets.token_hex(6)}"
                conv = app.state.pipeline.conversation_key("rest", sender)
                message, first_after_list, slots_km, path = texts[variety], None, None, []
                for _ in range(14):
                    resp = await client.post("/webhooks/rest/webhook", json={
                        "sender": sender, "message": message, "metadata": {"language": variety}})
                    replies = resp.json()
                    record = await app.state.store.load(conv) or {}
                    state = ConversationState.from_dict(record.get("state"))
                    path.append(f"{state.flow}.{state.node}")
                    if first_after_list is None and state.slots.get("centers") and _first_button(replies):
                        first_after_list = _first_button(replies)[0]
                    if _slot_offered(replies):
                        async with sessions() as s:
                            center = await s.get(Center, int(state.slots["center_id"]))
                            slots_km = haversine_km(float(state.slots["latitude"]), float(state.slots["longitude"]),
                                                    center.latitude, center.longitude)
                        break
                    key = (state.flow, state.node)
                    first = _first_button(replies)
                    if key in SCREENING and state.waiting:
                        message = SCREENING[key]
                    elif first is not None and state.waiting:
                        message = first[1]
                    else:
                        break
                results.append({"request": name, "variety": variety, "first_option": first_after_list,
                                "slots_km": slots_km, "path": path})
    await engine.dispose()
    return results


def main() -> None:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rasa-url")
    ap.add_argument("--db")
    ap.add_argument("--far-km", type=float)
    ap.add_argument("--max-booking-km", type=float)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import logging

    logging.basicConfig(level=logging.WARNING)
    rasa_proc = None
    rasa_url = args.rasa_url
    if not rasa_url:
        rasa_url, rasa_proc = _start_rasa()
    made = None
    db_url = args.db
    admin = os.environ.get("TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
    try:
        if not db_url:
            import asyncpg

            made = f"jisr_bench_far_{secrets.token_hex(4)}"

            async def create() -> None:
                conn = await asyncpg.connect(admin)
                await conn.execute(f'CREATE DATABASE "{made}"')
                await conn.close()

            asyncio.run(create())
            db_url = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{made}"
            asyncio.run(_prepare(db_url))
        results = asyncio.run(run(rasa_url, db_url, args.far_km, args.max_booking_km))
    finally:
        if made:
            import asyncpg

            async def drop() -> None:
                conn = await asyncpg.connect(admin)
                await conn.execute(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')
                await conn.close()

            asyncio.run(drop())
        if rasa_proc is not None:
            rasa_proc.terminate()
            rasa_proc.wait(timeout=30)
    beyond = 0
    print(f"{'request':<30} {'variety':<9} {'slots at':>9}  first option after the list")
    for r in results:
        km = "—" if r["slots_km"] is None else f"{r['slots_km']:.0f} km"
        if r["slots_km"] is not None and r["slots_km"] > MAX_BOOKING_KM:
            beyond += 1
        print(f"{r['request']:<30} {r['variety']:<9} {km:>9}  {(r['first_option'] or '—')[:60]}")
        if args.verbose:
            print("    " + " → ".join(r["path"]))
    print(f"\nrequests reaching slots beyond {MAX_BOOKING_KM:.0f} km: {beyond} of {len(results)}")


if __name__ == "__main__":
    main()
