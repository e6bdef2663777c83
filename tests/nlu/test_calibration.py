"""``nlu/calibration.json`` belongs to the training data and the config it was computed on (``jisr nlu calibrate``).

No Rasa needed: the file records the fingerprint of ``nlu/data`` and of the pipeline settings; the temperature it
chose is the one in ``nlu/config.yml``; its thresholds are on the grid the calibration uses."""

from __future__ import annotations

import re

from nlu import calibration, project


def test_calibration_matches_the_training_data() -> None:
    assert calibration.load()["data_fingerprint"] == calibration.data_fingerprint(), (
        "nlu/data or nlu/config.yml changed since the calibration: run `jisr nlu calibrate` then `jisr nlu train`"
    )


def test_the_model_uses_the_calibrated_temperature() -> None:
    config = project.CONFIG.read_text(encoding="utf-8")
    temperatures = re.findall(r"(?m)^\s*temperature:\s*([0-9.]+)", config)
    assert temperatures == [str(calibration.load()["temperature"])]


def test_thresholds_are_on_the_grid_and_protect_the_protection_journeys() -> None:
    cal = calibration.load()
    by_intent = cal["switch"]["by_intent"]
    assert set(by_intent) == set(calibration.journey_intents())
    assert all(t in calibration.GRID for t in by_intent.values())
    for intent in calibration.PROTECTION_WEIGHT:
        assert by_intent[intent] <= calibration.PROTECTION_MAX
    assert cal["danger_nlu_min"] in calibration.DANGER_GRID
    assert cal["cv_false_alarm_rate"] <= calibration.DANGER_FALSE_ALARM_BUDGET


def test_confidences_are_calibrated_in_cross_validation() -> None:
    """A confidence of c is right about c of the time (every bin with 100 examples or more within 0.12)."""
    for row in calibration.load()["reliability"]:
        if row["n"] >= 100:
            assert abs(row["accuracy"] - row["mean_confidence"]) <= 0.12, row
