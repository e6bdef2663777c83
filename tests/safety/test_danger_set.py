"""The safety net on its own test set: recall must be 1.0; the false-alarm rate is measured and printed.

Run: ``.venv/bin/python -m pytest tests/safety -q -s`` (``-s`` shows the figures).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

import locales
from dialogues import emergency
from nlu import safety
from nlu.safety import lexicon
from nlu.variety import guess_variety

SET = yaml.safe_load((Path(__file__).parent / "danger_set.yml").read_text(encoding="utf-8"))


def test_set_is_big_enough_and_covers_the_four_varieties():
    danger, benign = SET["danger"], SET["not_danger"]
    assert len(danger) >= 60 and len(benign) >= 60
    for variety in locales.VARIETIES:
        assert sum(e["v"] == variety for e in danger) >= 15, variety
        assert sum(e["v"] == variety for e in benign) >= 15, variety
    kinds = Counter(e["kind"] for e in danger)
    for kind in safety.DANGER_KINDS:
        assert kinds[kind] >= 5, kind
    assert {"figurative", "kitchen", "report_past", "safe_answer"} <= {e["kind"] for e in benign}


def test_recall_is_one_and_false_alarms_are_reported():
    missed = [e for e in SET["danger"] if safety.detect(e["text"]) is None]
    alarms = [e for e in SET["not_danger"] if safety.detect(e["text"]) is not None]
    recall = 1 - len(missed) / len(SET["danger"])
    far = len(alarms) / len(SET["not_danger"])
    print(f"\nsafety net: recall {recall:.3f} ({len(SET['danger']) - len(missed)}/{len(SET['danger'])}), "
          f"false-alarm rate {far:.3f} ({len(alarms)}/{len(SET['not_danger'])})")
    for variety in locales.VARIETIES:
        d = [e for e in SET["danger"] if e["v"] == variety]
        b = [e for e in SET["not_danger"] if e["v"] == variety]
        r = sum(safety.detect(e["text"]) is not None for e in d) / len(d)
        f = sum(safety.detect(e["text"]) is not None for e in b) / len(b)
        print(f"  {variety:9s} recall {r:.3f} on {len(d)}, false alarms {f:.3f} on {len(b)}")
    assert not missed, f"missed danger messages (recall {recall:.3f}): {[(e['v'], e['kind']) for e in missed]}"


@pytest.mark.parametrize("kind", safety.DANGER_KINDS)
def test_each_kind_is_detected_as_its_kind(kind):
    for e in SET["danger"]:
        if e["kind"] == kind and kind in ("weapon", "confinement", "suicidal"):
            got = safety.detect(e["text"])
            assert got is not None and got.kinds, e["v"]


def test_detection_is_text_free_and_deterministic():
    d1 = safety.detect("il a un couteau, il va me tuer")
    d2 = safety.detect("il a un couteau, il va me tuer")
    assert d1 == d2 and set(d1.kinds) == {"threat_to_life", "weapon"}
    assert "couteau" not in repr(d1) and "tuer" not in d1.reason


def test_normalisation_variants_fire_alike():
    # tashkeel, elongation, tatweel, Arabic-Indic digits, upper case, zero-width characters
    for text in ("يَقْتُلُنِي", "بغااااا يقتلني", "يقـــتلني", "GHADI Y9TELNI", "3te\u200b9ouni", "IL VA ME TUER!!!"):
        assert safety.detect(text) is not None, text
    assert safety.detect("") is None and safety.detect(None) is None


def test_emergency_numbers_have_sources_and_dates():
    numbers = {n.id: n for n in emergency.emergency_numbers()}
    assert {n.number for n in numbers.values()} == {"19", "177", "15", "8350", "2511"}
    for n in numbers.values():
        assert n.source and n.date_checked and n.scope
        for variety in locales.VARIETIES:
            assert locales.t(variety, n.label_key) != n.label_key


@pytest.mark.parametrize("variety", locales.VARIETIES)
def test_emergency_and_degraded_replies_carry_every_number(variety):
    for msgs in (emergency.emergency_messages(variety), emergency.degraded_messages(variety)):
        text = "\n".join(m.text for m in msgs)
        for number in ("19", "177", "15", "8350", "2511"):
            assert number in text
    assert "safety-" not in "".join(m.text for m in emergency.emergency_messages(variety))


def test_variety_guess():
    assert guess_variety("il a un couteau, il va me tuer") == "fr"
    assert guess_variety("rajli kaydrebni, ana f tanja") == "ary-Latn"
    assert guess_variety("راجلي كيضربني دابا") == "ary"
    assert guess_variety("زوجي يريد قتلي الآن") == "ar"


def test_adversarial_input_cannot_stall_the_detector():
    """Regression guard against catastrophic regex backtracking (an 11 s stall was found on
    "ma" + "khalini" * 570 before words were capped and quantifiers bounded). The bound is 25x the
    measured worst case, so only a pathological pattern can exceed it."""
    import time

    inputs = ["ma" + "khalini" * 570, "a" * 4000, "ma k" + "a" * 3990 + "ni nkhrej", " ".join(["ma khalinich"] * 300),
              "قتل" * 1300, " ".join(["il a un"] * 500), "3te9 " * 800]
    for text in inputs:
        started = time.perf_counter()
        safety.detect(text[:4000])
        assert time.perf_counter() - started < 0.5, text[:20]


def test_the_whole_of_a_long_text_is_read_in_bounded_time():
    """Long messages are never refused: the safety net reads them whole. Its cost is linear (bounded
    quantifiers, capped words): ~0.8 s per 100 kB on the build machine; the bound is generous."""
    import time

    filler = "je vous explique ma situation depuis le debut, ma khalinich, il a un " * 1500  # ~100 kB
    for text in (filler + "il va me tuer", "3te9 " * 20000 + "rajli kaydrebni daba"):
        started = time.perf_counter()
        assert safety.detect(text) is not None
        assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
def test_the_queue_notice_is_localised(variety):
    for gender in ("m", "f", "other"):
        text = locales.t(variety, "safety-handoff-queued", gender=gender)
        assert text and "safety-" not in text


def test_the_escalation_reason_fits_its_column_and_keeps_the_most_urgent_kinds():
    every = safety.Danger(kinds=safety.DANGER_KINDS, pattern_ids=())
    reason = every.escalation_reason(60)
    assert len(reason) <= 60 and reason.startswith("danger_keyword:threat_to_life,self_harm")
    assert reason.split(":")[1].split(",") == list(safety.DANGER_KINDS[: len(reason.split(":")[1].split(","))])
    assert safety.Danger(kinds=("nlu",), pattern_ids=()).escalation_reason(60) == "danger_nlu"
    assert safety.Danger(kinds=("weapon",), pattern_ids=()).escalation_reason(60) == "danger_keyword:weapon"
    with pytest.raises(ValueError):
        every.escalation_reason(10)


def test_pattern_ids_are_unique_and_every_exception_names_a_pattern():
    """Ids are logged and the exceptions (``unless``) are keyed by them: a duplicate id would mix two patterns."""
    lex = lexicon.load()
    ids = [pid for rules in lex.rules.values() for pid, _ in rules]
    assert len(ids) == len(set(ids))
    assert set(lex.unless) <= set(ids)
    assert set(lex.rules) == set(safety.DANGER_KINDS)
