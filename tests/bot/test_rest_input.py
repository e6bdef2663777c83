"""Bad input on the REST webhook (the web chat's channel): real app over ASGI, real PostgreSQL and Redis,
the NLU down (menu mode).

Text with bad characters is handled with them replaced (a danger text with a lone UTF-16 surrogate still gets
the emergency numbers); structurally bad requests get a 4xx JSON error, never a 500; the same ``message_id``
sent in parallel is processed once. A Hypothesis property posts random bodies and content types: no 5xx.
"""

from __future__ import annotations

import asyncio
import json
import secrets

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.bot.helpers import has_all_numbers, make_store

pytestmark = pytest.mark.asyncio(loop_scope="session")

URL = "/webhooks/rest/webhook"
DANGER_SURROGATE = "il a un couteau il va me tuer \ud83d"
JSON = {"Content-Type": "application/json"}


def sender() -> str:
    return "in-" + secrets.token_hex(8)


def encoded(body) -> bytes:
    """JSON as a client sends it: lone surrogates as ``\\udXXX`` escapes."""
    return json.dumps(body).encode()


@pytest.fixture
async def client(make_client, redis_url, test_prefix):
    c, app = await make_client(make_store("redis", redis_url, test_prefix))
    c.app = app
    return c


async def post(client, body: bytes | str, headers: dict | None = None):
    return await client.post(URL, content=body if isinstance(body, bytes) else body.encode(),
                             headers=JSON if headers is None else headers)


async def test_a_danger_text_with_a_lone_surrogate_gets_the_numbers(client):
    body = encoded({"sender": sender(), "message": DANGER_SURROGATE, "message_id": "m1"})
    assert b"\\ud83d" in body
    r = await post(client, body)
    assert r.status_code == 200, r.text
    assert has_all_numbers("\n".join(m.get("text", "") for m in r.json()))
    # redelivered: the same answer (the digest of the cleaned text is stable)
    again = await post(client, body)
    assert again.status_code == 200 and again.json() == r.json()
    assert client.app.state.pipeline.stats.duplicates == 1


async def test_surrogates_invalid_utf8_and_nul_in_text_are_replaced_not_refused(client):
    for raw in (encoded({"sender": sender(), "message": "salam \udc00\ud800 x"}),
                b'{"sender": "' + sender().encode() + b'", "message": "bonjour \xf0\x9f\x98"}',  # a cut emoji
                encoded({"sender": sender(), "message": "menu\x00"}),
                encoded({"sender": sender(), "message": "/menu\ud83d"})):
        r = await post(client, raw)
        assert r.status_code == 200, (raw, r.text)
        assert r.json()


@pytest.mark.parametrize("body, status", [
    ("[" * 5000 + "]" * 5000, 400),
    ('{"sender": "a", "message": "x", "metadata": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}", 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": ' + "9" * 400
     + ', "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": "' + "9" * 400
     + '", "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": NaN, "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": Infinity, "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": 1e400, "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": "nan", "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": true, "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": 90.5, "longitude": 1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": {"latitude": 1, "longitude": -180.1}}}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"location": [33, -7]}}', 400),
    ('{"sender": "a", "message": 12}', 400),
    ('{"sender": "a", "message": ["x"]}', 400),
    ('{"sender": "a", "message": {"text": "x"}}', 400),
    ('{"sender": {"id": 1}, "message": "x"}', 400),
    ('{"sender": 12, "message": "x"}', 400),
    ('{"sender": "a\\ud83d", "message": "x"}', 400),
    ('{"sender": "a\\u0000", "message": "x"}', 400),
    ('{"sender": "a", "message": "x", "metadata": "fr"}', 400),
    ('{"sender": "a", "message": "x", "metadata": {"language": {"x": 1}}}', 400),
    ('{"sender": "a", "message": "x", "message_id": true}', 400),
    ('{"sender": "a", "message": "x", "message_id": {"a": 1}}', 400),
    ('{"sender": "a", "message": "x", "message_id": "' + "m" * 200 + '"}', 400),
    ('{"sender": "a", "message": "x", "message_id": 1' + "0" * 5000 + "}", 400),
    ('{"sender": "a", "message": ""}', 400),
    ("not json", 400),
    ("", 400),
    ('{"sender": "a", "message": "x"', 400),
    ("[]", 400),
    ("null", 400),
])
async def test_structurally_bad_requests_get_a_4xx_json_error(client, body, status):
    r = await post(client, body)
    assert r.status_code == status, r.text
    assert isinstance(r.json()["error"], str) and r.json()["error"]
    assert client.app.state.pipeline.stats.handled == 0


async def test_numeric_strings_are_accepted_as_coordinates(client):
    r = await post(client, encoded({"sender": sender(), "message": "",
                                    "metadata": {"location": {"latitude": "33.57", "longitude": "-7.59"}}}))
    assert r.status_code == 200, r.text
    r = await post(client, encoded({"sender": sender(), "message": "", "metadata": {"location": {
        "latitude": " 35.7595 ", "longitude": -5.834}}}))
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("ctype, status", [
    ("application/json", 200), ("application/json; charset=utf-8", 200), ("application/vnd.api+json", 200),
    ("text/plain;charset=UTF-8", 200), (None, 200),
    ("application/x-www-form-urlencoded", 415), ("multipart/form-data; boundary=x", 415), ("text/xml", 415),
    ("image/png", 415),
])
async def test_content_types(client, ctype, status):
    headers = {} if ctype is None else {"Content-Type": ctype}
    r = await client.post(URL, content=encoded({"sender": sender(), "message": "/menu"}), headers=headers)
    assert r.status_code == status, r.text
    if status != 200:
        assert r.json()["error"]


@pytest.mark.parametrize("store_kind", ["memory", "redis"])
async def test_parallel_copies_of_one_message_id_are_processed_once(make_client, redis_url, test_prefix, store_kind):
    """The pipeline takes the conversation lock before its de-duplication check: copies of one message sent at
    once (a client retrying on a slow network) get one answer, and the conversation moves once."""
    c, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    for trial in range(5):
        s = sender()
        assert (await post(c, encoded({"sender": s, "message": "/menu"}))).status_code == 200
        before = app.state.pipeline.stats.handled
        body = encoded({"sender": s, "message": "/report_violence", "message_id": f"same-{trial}"})
        answers = await asyncio.gather(*(post(c, body) for _ in range(4)))
        assert {r.status_code for r in answers} == {200}
        assert len({r.text for r in answers}) == 1, trial
        assert app.state.pipeline.stats.handled == before + 1, trial
        assert app.state.pipeline.stats.duplicates >= 3 * (trial + 1)


# ---- property --------------------------------------------------------------------------------------

LEAVES = (st.none() | st.booleans() | st.integers() | st.floats()
          | st.text(alphabet=st.characters(codec=None), max_size=30))
VALUES = st.recursive(LEAVES, lambda kids: st.lists(kids, max_size=3)
                      | st.dictionaries(st.text(max_size=10), kids, max_size=3), max_leaves=10)
LONE = st.sampled_from(["\ud83d", "\ude00", "\udfff\ud800", "\x00", "\u202e", "\ufffd"])
TEXTS = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=60),
    st.tuples(st.text(max_size=30), LONE, st.text(max_size=10)).map("".join),  # a bad character inside
    st.sampled_from([DANGER_SURROGATE, "\ud800", "/menu", "/quick_exit", "\u202ebidi", "x" * 5000]))
COORDS = st.one_of(st.floats(-90, 90), st.floats(), st.integers(), st.text(max_size=20),
                   st.sampled_from(["33.5", "-7", "1e999", "nan"]), LEAVES)
def mostly(good: st.SearchStrategy, bad: st.SearchStrategy, percent: int = 85) -> st.SearchStrategy:
    """``good`` about ``percent`` % of the time, else ``bad``."""
    return st.integers(0, 99).flatmap(lambda i: good if i < percent else bad)


SENDERS = mostly(st.sampled_from(["prop-a", "prop-b", "prop-c"]), st.one_of(st.text(max_size=140), LEAVES))
MESSAGES = mostly(TEXTS, VALUES)
IDS = mostly(st.text("abcdef0123456789-", min_size=1, max_size=20),
             st.one_of(st.integers(), st.text(alphabet=st.characters(codec=None), max_size=140), LEAVES))
GOOD_LOCATION = st.fixed_dictionaries({"latitude": st.floats(-90, 90), "longitude": st.floats(-180, 180)})
LOCATIONS = mostly(GOOD_LOCATION, st.one_of(st.fixed_dictionaries({"latitude": COORDS, "longitude": COORDS}), VALUES),
                   60)
METADATA = mostly(st.fixed_dictionaries({}, optional={"location": LOCATIONS, "language": mostly(
    st.sampled_from(["fr", "ary", "ar-MA", "ary-Latn"]), LEAVES)}), VALUES)
# mostly well-formed bodies with bad parts here and there: many reach the message path
BODIES = st.fixed_dictionaries({"sender": SENDERS, "message": MESSAGES},
                               optional={"message_id": IDS, "metadata": METADATA})


def _dumps(body) -> bytes:
    return json.dumps(body, allow_nan=True).encode()  # NaN/Infinity too: a lenient client's output


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=mostly(BODIES.map(_dumps), st.one_of(VALUES.map(_dumps), st.binary(max_size=300))),
       ctype=mostly(st.sampled_from(["application/json", "text/plain; charset=utf-8", ""]),
                    st.sampled_from(["application/x-www-form-urlencoded", "text/html", "application/xml"]), 90))
async def test_property_no_request_body_gets_a_5xx(client, body, ctype):
    r = await client.post(URL, content=body, headers={"Content-Type": ctype} if ctype else {})
    event(f"status {r.status_code}" + (f": {r.json()['error'][:25]}" if r.status_code != 200 else ""))
    assert r.status_code < 500, (body[:200], r.status_code, r.text)
    assert r.status_code in (200, 400, 415), r.status_code
    r.json()  # always a JSON answer
