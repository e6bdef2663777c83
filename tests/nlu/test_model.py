"""The trained Rasa model, served over HTTP: held-out quality gates and behaviour on known cases.

Targets (issue 2): held-out intent accuracy >= 0.90 overall and >= 0.85 in every variety; language-ID
accuracy >= 0.95. The held-out split is nlu/tests/ (never trained on).

All three are hard gates. Measured 2026-11-29 (1,505 held-out examples): intent accuracy 0.932
(ary 0.932, ary-Latn 0.923, ar 0.933, fr 0.942), language ID 0.975. Branch open-world (1,772 held-out
examples, 267 of them near misses labelled out_of_scope): 0.931 (ary 0.939, ary-Latn 0.920, ar 0.924, fr
0.939), language ID 0.978; the issue "open world" asks for at least 0.93 overall and 0.91 per variety.
A regression floor a little under today's figures fails earlier than the targets would, so a data or pipeline
change that costs accuracy is noticed."""

from __future__ import annotations

import pytest

from nlu import evaluation
from nlu.parsing import parse_http

pytestmark = pytest.mark.rasa

INTENT_ACCURACY_MIN = 0.90  # issue 2 target
INTENT_ACCURACY_PER_VARIETY_MIN = 0.85  # issue 2 target
INTENT_ACCURACY_FLOOR = 0.93  # issue "open world" (measured 0.931)
INTENT_ACCURACY_PER_VARIETY_FLOOR = 0.91  # issue "open world" (lowest variety measured: ary-Latn 0.920)
LANGUAGE_ACCURACY_MIN = 0.95


@pytest.fixture(scope="module")
def heldout_metrics(rasa_url: str) -> dict:
    examples = evaluation.load_examples()
    assert len(examples) >= 100, "the held-out split is missing or tiny"
    results = list(parse_http([e.text for e in examples], rasa_url))
    return evaluation.compute_metrics(examples, results)


def test_heldout_covers_every_variety(heldout_metrics: dict) -> None:
    assert set(heldout_metrics["per_variety"]) == {"ary", "ary-Latn", "ar", "fr"}


def test_heldout_intent_accuracy_floor(heldout_metrics: dict) -> None:
    summary = evaluation.format_summary(heldout_metrics)
    assert heldout_metrics["intent_accuracy"] >= INTENT_ACCURACY_FLOOR, summary
    for variety, m in heldout_metrics["per_variety"].items():
        assert m["intent_accuracy"] >= INTENT_ACCURACY_PER_VARIETY_FLOOR, f"{variety}\n{summary}"


def test_heldout_intent_accuracy_target(heldout_metrics: dict) -> None:
    summary = evaluation.format_summary(heldout_metrics)
    assert heldout_metrics["intent_accuracy"] >= INTENT_ACCURACY_MIN, summary
    for variety, m in heldout_metrics["per_variety"].items():
        assert m["intent_accuracy"] >= INTENT_ACCURACY_PER_VARIETY_MIN, f"{variety}\n{summary}"


def test_heldout_language_id_accuracy(heldout_metrics: dict) -> None:
    assert heldout_metrics["language_accuracy"] >= LANGUAGE_ACCURACY_MIN, evaluation.format_summary(
        heldout_metrics
    )


def _parse(rasa_url: str, text: str) -> dict:
    return next(parse_http([text], rasa_url))


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("rajli kaydrebni", "report_violence", "ary-Latn"),
        ("راجلي كيضربني", "report_violence", "ary"),
        ("Mon mari me frappe", "report_violence", "fr"),
        ("زوجي يضربني", "report_violence", "ar"),
    ],
)
def test_issue_examples(rasa_url: str, text: str, intent: str, language: str) -> None:
    result = _parse(rasa_url, text)
    assert result["intent"]["name"] == intent
    assert result["language"] == language


def test_normaliser_runs_first_in_the_service(rasa_url: str) -> None:
    """Tashkeel, tatweel, elongation, bidi marks and Arabic-Indic digits do not change the parse."""
    plain = _parse(rasa_url, "راجلي كيضربني")
    noisy = _parse(rasa_url, "\u200fرَاجْلِي كيضـــربنيييي")
    assert noisy["text"] == "راجلي كيضربني"
    assert noisy["intent"]["name"] == plain["intent"]["name"]


@pytest.mark.parametrize(
    "text",
    [
        "bghit centre f casa",
        "بغيت نمشي لكازا",
        "كاين شي مركز فالدار البيضاء",
        "je cherche un centre à Casablanca",
        "fin kayn markaz f Dar el Beida",
    ],
)
def test_city_maps_to_canonical_place_id(rasa_url: str, text: str) -> None:
    result = _parse(rasa_url, text)
    assert {(e["entity"], e["value"]) for e in result["entities"]} >= {("city", "casablanca")}


def test_no_city_invented(rasa_url: str) -> None:
    assert [e for e in _parse(rasa_url, "rajli kaydrebni")["entities"] if e["entity"] == "city"] == []


def test_cli_parse_jsonl_through_the_service(rasa_url: str) -> None:
    """`jisr nlu parse --jsonl`: one JSON object per input line, the stable fields, in input order."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    jisr = Path(sys.executable).with_name("jisr")
    out = subprocess.run(
        [str(jisr), "nlu", "parse", "--jsonl"],
        input="rajli kaydrebni\n\nبغيت نمشي لكازا\n",
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_URL": rasa_url},
        timeout=120,
        check=True,
    )
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["text"] for r in records] == ["rajli kaydrebni", "بغيت نمشي لكازا"]
    assert all(set(r) == {"text", "intent", "confidence", "language", "entities"} for r in records)
    assert (records[0]["intent"], records[0]["language"]) == ("report_violence", "ary-Latn")
    assert records[1]["entities"] == [{"entity": "city", "value": "casablanca"}]
