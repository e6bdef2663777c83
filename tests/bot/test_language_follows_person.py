"""The conversation's language follows the person, not a token (real model over REST, both state stores):
a place name, a number or a one-word answer in the other script does not switch it; a whole message in
another variety does; an explicit request ("واخا نرجع للدارجة") is obeyed at once, also after a language was
chosen with the menu."""

from __future__ import annotations

import secrets

import pytest

from tests.bot.helpers import make_store, say

pytestmark = [pytest.mark.rasa]


def sender() -> str:
    return "web-" + secrets.token_hex(8)


def variety(replies: list[dict]) -> str | None:
    return next((r.get("custom", {}).get("variety") for r in replies if r.get("custom", {}).get("variety")), None)


@pytest.mark.parametrize("place", ["Marrakech", "Oujda", "casa", "fes", "12"])
async def test_a_latin_place_or_number_keeps_a_darija_conversation(make_client, store_kind, redis_url, test_prefix,
                                                                   rasa_url, place):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    s = sender()
    first = await say(client, s, "بغيت نلقى شي مركز قريب ليا")
    assert variety(first) == "ary"
    replies = await say(client, s, place)
    assert variety(replies) == "ary", (place, replies)


async def test_a_whole_message_in_another_variety_switches(make_client, redis_url, test_prefix, rasa_url):
    client, _ = await make_client(make_store("memory", redis_url, test_prefix), nlu_url=rasa_url)
    s = sender()
    assert variety(await say(client, s, "بغيت نلقى شي مركز قريب ليا")) == "ary"
    assert variety(await say(client, s, "je cherche un centre près de chez moi s'il vous plaît")) == "fr"


@pytest.mark.parametrize("request_text, expected", [
    ("واخا نرجع للدارجة عافاك", "ary"),
    ("بغيت نهضر بالدارجة", "ary"),
    ("b darija 3afak", "ary-Latn"),
])
async def test_an_explicit_request_is_obeyed_after_choosing_french(make_client, store_kind, redis_url, test_prefix,
                                                                   rasa_url, request_text, expected):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    s = sender()
    await say(client, s, "salam")
    assert variety(await say(client, s, "/lang:fr")) == "fr"
    replies = await say(client, s, request_text)
    assert variety(replies) == expected, replies


async def test_thanks_after_the_operator_hands_back_is_understood(make_client, store_kind, redis_url, test_prefix,
                                                                 rasa_url):
    """After a hand-back a "thanks, I'm safe now" gets a kind answer, not "I couldn't understand you"."""
    import locales
    from tests.bot.helpers import texts

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    s = sender()
    await say(client, s, "salam")
    await say(client, s, "/talk_to_human")
    key = app.state.pipeline.conversation_key("rest", s)
    await app.state.pipeline.set_handoff(key, False)  # the console's hand-back
    replies = await say(client, s, "ah ana f aman daba, choukran")
    not_understood = [locales.t("ary-Latn", k) for k in ("fallback-not-understood", "fallback-offer-human",
                                                          "fallback-suggest")]
    assert replies and not any(t in texts(replies) for t in not_understood), replies
