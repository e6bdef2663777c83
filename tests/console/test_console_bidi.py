"""Bidi controls in what the console shows: a citizen's message with an override (U+202E: what follows it
would be shown reversed) or a stray isolate is shown without them; the bot's own balanced isolates (Fluent's
FSI…PDI around a number in Arabic) stay."""

from __future__ import annotations

import httpx
from console_support import console_app, session_cookie

RLO, PDF, LRI, RLI, FSI, PDI = "\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"


async def test_a_citizen_message_cannot_reverse_what_follows(world):
    from services import escalations

    spoof = f"salam {RLO}exe.fdp{PDF} {RLI}tail"
    bot = f"عيط ل {FSI}19{PDI} دابا"
    async with world.sessions() as db:
        await escalations.add_message(db, world.escalation_mine, "citizen", spoof)
        await escalations.add_message(db, world.escalation_mine, "bot", bot)
    token = await session_cookie(world, "op1")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(console_app(world)), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        for url in (f"/console/escalations/{world.escalation_mine}",
                    f"/console/escalations/{world.escalation_mine}/messages"):
            page = (await client.get(url)).text
            for ch in "\u202a\u202b\u202c\u202d\u202e":
                assert ch not in page, (url, hex(ord(ch)))
            assert "salam exe.fdp tail" in page  # the citizen's text, every control removed
            assert RLI not in page
            assert bot in page  # the bot's balanced isolate is kept
            assert page.count(FSI) == page.count(PDI)
