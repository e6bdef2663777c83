"""The issue's acceptance examples through the REST channel with the real trained Rasa model, PostgreSQL and
both state stores: "rajli kaydrebni, ana f tanja" leads to women's centers in Tanger and an offer to book;
"il a un couteau, il va me tuer" gets the emergency numbers at once; ``/healthz`` is 200 when everything answers.
Issue "open world": everyday first messages ("on a tué le temps…", a blocked bank card, a hotel room) get neither
the numbers nor a journey; "sedd 3liya lbab…" and "kaydreb fiya daba" still get the numbers at once (the NLU's
``immediate_danger`` alone no longer does: ``nlu/danger.py``)."""

from __future__ import annotations

import secrets

import pytest

from tests.bot.helpers import has_all_numbers, make_store, payloads, say, texts

pytestmark = [pytest.mark.rasa]


def sender() -> str:
    return "web-" + secrets.token_hex(8)


async def test_violence_in_tanger_leads_to_centers_and_booking(make_client, store_kind, redis_url, test_prefix,
                                                               rasa_url):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    s = sender()
    replies = await say(client, s, "rajli kaydrebni, ana f tanja")
    seen = list(replies)
    # the violence journey asks: can you talk safely? (yes) — in danger now? (no) — what kind? (physical)
    answers = {"intro": "yes", "danger": "no", "kind": "physical"}
    for _ in range(6):
        pays = payloads(replies)
        if any(p.startswith("/pick:") for p in pays):
            break
        nxt = next((p for p in pays if p.startswith("/choose:violence.")
                    and p.split(".")[-1] == answers.get(p.split(".")[1])), None)
        assert nxt is not None, pays
        replies = await say(client, s, nxt)
        seen += replies
    all_text = texts(seen)
    state = (await app.state.pipeline.store.load(app.state.pipeline.conversation_key("rest", s)))["state"]
    assert state["slots"].get("place_id") == "tanger"
    assert not has_all_numbers(texts(seen[:1]))  # not treated as danger now
    assert "Tanger" in all_text or "طنجة" in all_text
    picks = [p for p in payloads(replies) if p.startswith("/pick:")]
    assert picks, "centers offered as buttons"
    offer = await say(client, s, picks[0])
    assert any(p.startswith(("/choose:violence.chosen.appointment", "/choose:violence.chosen_referral"))
               for p in payloads(offer)), payloads(offer)


async def test_knife_threat_gets_numbers_at_once(make_client, store_kind, redis_url, test_prefix, rasa_url):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    replies = await say(client, sender(), "il a un couteau, il va me tuer")
    assert has_all_numbers(replies[0]["text"])
    assert any(p.startswith("/choose:emergency.") for p in payloads(replies))


async def test_healthz_ok_when_everything_answers(make_client, rasa_url):
    from bot.state import InMemoryStateStore

    client, _ = await make_client(InMemoryStateStore(), nlu_url=rasa_url)
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json()["failed"] == []


@pytest.mark.parametrize("text", ["kan3es f zan9a", "kan3ess f zen9a"])
async def test_sleeping_rough_typed_in_a_hurry_starts_the_shelter_journey(make_client, redis_url, test_prefix,
                                                                         rasa_url, text):
    from bot.state import InMemoryStateStore

    client, app = await make_client(InMemoryStateStore(), nlu_url=rasa_url)
    s = sender()
    await say(client, s, text)
    state = (await app.state.pipeline.store.load(app.state.pipeline.conversation_key("rest", s)))["state"]
    assert state["flow"] == "homeless", state["flow"]


# ---- issue "open world": everyday sentences get neither the numbers nor a journey; danger still gets the numbers ----
EVERYDAY = ["on a tué le temps au café en attendant le bus", "لاكارط ديال البانكا تبلوكات ليا", "bghit n7jez chambre f l'hotel"]
DANGER_NOW = ["sedd 3liya lbab w ma bghach ykhellini nkhrej", "kaydreb fiya daba"]
NOT_A_JOURNEY = {None, "welcome", "out_of_scope", "help", "goodbye", "bot_challenge", "change_language"}


@pytest.mark.parametrize("text", EVERYDAY)
async def test_everyday_first_message_gets_no_numbers_and_no_journey(make_client, store_kind, redis_url, test_prefix,
                                                                     rasa_url, text):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    s = sender()
    replies = await say(client, s, text)
    assert replies and not any(has_all_numbers(r.get("text") or "") for r in replies), texts(replies)
    assert not any(p.startswith("/choose:emergency.") for p in payloads(replies))
    state = (await app.state.pipeline.store.load(app.state.pipeline.conversation_key("rest", s)))["state"]
    assert state["flow"] in NOT_A_JOURNEY
    assert state["slots"].get("trigger_intent") in (None, "out_of_scope", "greet", "help")
    assert not state["slots"].get("danger")


@pytest.mark.parametrize("text", DANGER_NOW)
async def test_danger_now_gets_the_numbers_at_once(make_client, store_kind, redis_url, test_prefix, rasa_url, text):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    replies = await say(client, sender(), text)
    assert has_all_numbers(replies[0]["text"]), texts(replies)
    assert any(p.startswith("/choose:emergency.") for p in payloads(replies))
