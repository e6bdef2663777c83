"""The open world, with the trained model served over HTTP: everyday messages as first messages get neither the
emergency path nor a service journey, and every danger message gets the numbers — decided by the bot's own code
(``nlu.safety.detect`` → NLU → ``nlu.danger.decide`` → the dialogue engine with its calibrated thresholds), on the
held-out sets ``nlu/eval/<variety>/everyday.txt`` and ``danger.txt`` (never trained on, see test_data_split.py).

Gates (issue "open world"), in every variety, on the whole sets: false alarms ≤ 1 %, false starts ≤ 3 %, danger
recall 1.00. Measured 2026-12-05 (nlu/README.md): false alarms 0.000 in every variety; false starts ary 0.014,
ary-Latn 0.012, ar 0.022, fr 0.020; recall 1.000 (813/813). The figures are printed by ``jisr nlu eval``."""

from __future__ import annotations

import pytest

from nlu import open_world, project

pytestmark = pytest.mark.rasa

FALSE_ALARM_MAX = 0.01
FALSE_START_MAX = 0.03
DANGER_RECALL_MIN = 1.0


@pytest.fixture(scope="module")
def world(rasa_url: str) -> dict:
    return open_world.evaluate(rasa_url)


@pytest.mark.parametrize("variety", project.VARIETIES)
def test_everyday_messages_get_no_emergency_path(world: dict, variety: str) -> None:
    cell = world["per_variety"][variety]["all"]
    assert cell["everyday"] >= 600
    assert cell["false_alarm_rate"] <= FALSE_ALARM_MAX, open_world.format_summary(world)


@pytest.mark.parametrize("variety", project.VARIETIES)
def test_everyday_messages_start_no_service_journey(world: dict, variety: str) -> None:
    cell = world["per_variety"][variety]["all"]
    assert cell["false_start_rate"] <= FALSE_START_MAX, (world["journeys"].get(variety), open_world.format_summary(world))


@pytest.mark.parametrize("variety", project.VARIETIES)
def test_every_danger_message_gets_the_numbers(world: dict, variety: str) -> None:
    cell = world["per_variety"][variety]["all"]
    assert cell["danger"] >= 150
    assert cell["danger_recall"] >= DANGER_RECALL_MIN, open_world.format_summary(world)
