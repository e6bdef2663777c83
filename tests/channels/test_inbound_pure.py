"""The pure parts of input hardening: ``bot.channels.inbound`` (bad characters replaced, JSON parsed within
bounds) and ``locales.neutralize_bidi`` (what is displayed cannot be reversed by a bidi control)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels import inbound, telegram
from locales import neutralize_bidi

ANY_TEXT = st.text(alphabet=st.characters(codec=None))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_text_is_always_utf8_and_keeps_valid_text(text):
    out = inbound.clean_text(text)
    out.encode("utf-8")  # never raises
    assert "\x00" not in out
    assert inbound.clean_text(out) == out
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        assert "\ufffd" in out
    else:
        assert out == text.replace("\x00", "\ufffd")


def test_clean_text_cases():
    assert inbound.clean_text("il va me tuer \ud83d") == "il va me tuer \ufffd"
    assert inbound.clean_text("\ud83d\ude00") == "😀"  # a pair written as two code points
    assert inbound.clean_text("a\udc00b\ud800") == "a\ufffdb\ufffd"
    assert inbound.clean_text(None) is None
    assert inbound.bad_identifier("a\ud83d") and inbound.bad_identifier("a\x00") and inbound.bad_identifier("a\n")
    assert not inbound.bad_identifier("2f1c-uuid") and not inbound.bad_identifier("سلام")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_parse_json_raises_only_bad_json(raw):
    try:
        inbound.parse_json(raw)
    except inbound.BadJSON:
        pass


@pytest.mark.parametrize("raw, reason", [
    (b"[" * 5000 + b"]" * 5000, "nested"),
    (b"[" * 40 + b"]" * 40, "nested"),
    (b'{"a": NaN}', "NaN"),
    (b'{"a": -Infinity}', "Infinity"),
    (b'{"a": 1' + b"0" * 5000 + b"}", "JSON"),
    (b"", "JSON"),
])
def test_parse_json_refusals(raw, reason):
    with pytest.raises(inbound.BadJSON, match=reason):
        inbound.parse_json(raw)


def test_parse_json_accepts_and_repairs():
    assert inbound.parse_json(b"[" * 20 + b"]" * 20) is not None
    assert inbound.parse_json(b'{"m": "caf\xc3\xa9 \xf0\x9f"}') == {"m": "café \ufffd"}  # invalid UTF-8 replaced
    assert inbound.parse_json(json.dumps({"m": "\ud83d"}).encode()) == {"m": "\ud83d"}  # cleaned later
    assert inbound.parse_json('{"m": "سلام"}'.encode("utf-16")) == {"m": "سلام"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab ا\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")))
def test_neutralize_bidi(text):
    strict = neutralize_bidi(text)
    assert not any(c in strict for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    kept = neutralize_bidi(text, keep_isolates=True)
    assert not any(c in kept for c in "\u202a\u202b\u202c\u202d\u202e")
    depth = 0
    for c in kept:  # only balanced isolate pairs remain
        if c in "\u2066\u2067\u2068":
            depth += 1
        elif c == "\u2069":
            depth -= 1
            assert depth >= 0
    assert depth == 0
    assert strict == "".join(c for c in text if c not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda k: st.lists(k, max_size=3) | st.dictionaries(st.text(max_size=10), k, max_size=3),
                           max_leaves=15)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"update_id": st.integers() | JSON_VALUES},
                             optional={"message": JSON_VALUES, "callback_query": JSON_VALUES}) | JSON_VALUES)
def test_parse_update_never_raises(data):
    msg = telegram.parse_update(data)
    if msg is not None:
        (msg.text or "").encode("utf-8")
        (msg.payload or "").encode("utf-8")
    assert isinstance(telegram.ignored_kind(data), str)
