"""The NLU data contract of issue 2, checked on the files themselves (no Rasa needed).

- The held-out split (``nlu/tests/``) is never trained on: no example of it appears in ``nlu/data/``, compared
  after the project normaliser (so "Merci !" and "merci" count as the same example).
- It holds at least 15 % of all examples.
- Training examples per intent and variety: at least 30 for the service intents, at least 10 for small talk.
"""

from __future__ import annotations

from collections import Counter

import pytest

from dialogues import schema as flow_schema
from nlu import evaluation, project
from nlu.normalize import normalize

INTENTS = sorted(flow_schema.INTENTS)  # the core intents and every intent of the training data (one source)
SERVICE_INTENTS = ["report_violence", "immediate_danger", "family_mediation", "disability_card", "child_protection",
                   "elderly_care", "find_center", "book_appointment", "cancel_appointment", "reschedule_appointment",
                   "check_appointment", "inform_location", "talk_to_human"]


@pytest.fixture(scope="module")
def training() -> list[evaluation.Example]:
    return evaluation.load_examples(project.DATA_DIR)


@pytest.fixture(scope="module")
def heldout() -> list[evaluation.Example]:
    return evaluation.load_examples(project.TESTS_DIR)


def test_no_heldout_example_is_trained_on(training, heldout) -> None:
    trained = {normalize(e.text) for e in training}
    leaked = [e.source for e in heldout if normalize(e.text) in trained]
    assert not leaked, f"{len(leaked)} held-out examples also in nlu/data (remove them from nlu/data): {Counter(leaked)}"


def test_heldout_is_at_least_15_percent(training, heldout) -> None:
    assert len(heldout) / (len(heldout) + len(training)) >= 0.15


@pytest.mark.parametrize("variety", project.VARIETIES)
def test_every_intent_has_enough_training_examples(training, heldout, variety: str) -> None:
    counts = Counter(e.intent for e in training if e.variety == variety)
    assert set(counts) == set(INTENTS), set(counts) ^ set(INTENTS)
    for intent in INTENTS:
        assert counts[intent] >= (30 if intent in SERVICE_INTENTS else 10), (variety, intent, counts[intent])
    assert {e.intent for e in heldout if e.variety == variety} == set(INTENTS)


def test_no_open_world_evaluation_line_is_trained_on(training) -> None:
    """The open-world evaluation sets (``nlu/eval/<variety>/everyday.txt``, ``danger.txt``) are never trained
    on: no line of them, after normalisation, is a training example."""
    from nlu import open_world

    sets = open_world.load_sets()
    assert set(sets) == set(project.VARIETIES), sorted(sets)
    for variety, by_set in sets.items():
        assert len(by_set["everyday"]) >= 600 and len(by_set["danger"]) >= 150, variety
    trained = {normalize(e.text) for e in training}
    leaked = [(v, name) for v, by_set in sets.items() for name, lines in by_set.items()
              for t in lines if normalize(t) in trained]
    assert not leaked, f"{len(leaked)} evaluation lines also in nlu/data: {Counter(leaked)}"
