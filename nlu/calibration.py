"""Calibrated NLU confidences and the thresholds derived from them (``jisr nlu calibrate``).

Everything is measured by 5-fold cross-validation on the **training data only** (``nlu/data``; the held-out
``nlu/tests`` and the open-world ``nlu/eval`` sets are never used), with the model of ``nlu/config.yml``
(the TF-IDF features and the linear SVM of ``JisrTfidfFeaturizer`` / ``JisrIntentClassifier``, refitted per fold):

1. **temperature** — the intent confidence is the softmax of the SVM's decision values × T; T minimises the
   cross-validated log-loss (then a confidence of 0.8 is right about 80 % of the time; the reliability table is
   kept in ``nlu/calibration.json``). Written into ``nlu/config.yml``.
2. **journey thresholds** (``switch``: the confidence at which an intent starts a journey, per intent) — start
   every journey intent at 0.5 and raise, one grid step (0.05) at a time, the threshold that removes the most
   cross-validated false starts per correct start lost (×3 for violence and child protection), until at most :data:`FALSE_START_BUDGET` of the
   ``out_of_scope`` training examples (most of them near misses: other cards, other appointments, other centres…)
   would start a journey. Below its threshold an intent gets the "did you mean…?" buttons, not the journey.
   (With the NLU up, the keywords of ``dialogues/keywords.yml`` never start a journey: they order the buttons.)
3. **NLU danger threshold** (``danger_nlu_min``) — the smallest ``immediate_danger`` probability at which "NLU +
   a danger cue in the text" (``nlu.danger.decide``) fires on at most :data:`DANGER_FALSE_ALARM_BUDGET` of the
   non-danger training examples that the safety net leaves alone.

Step 1 runs in the Rasa environment (scikit-learn): ``python -m nlu.calibration cv OUT.json`` writes the
cross-validated probabilities; steps 2–3 run bot side (they need the safety net and the dialogue engine's
journeys). :func:`load` reads the result (stdlib only); the dialogue engine and ``nlu.danger`` use it.
``nlu/calibration.json`` records the fingerprint of the training data it was computed on:
``tests/nlu/test_calibration.py`` fails when the data changed since (run ``jisr nlu calibrate``, then
``jisr nlu train``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlu import project

CALIBRATION_FILE = project.NLU_DIR / "calibration.json"
FOLDS = 5
SEED = 7
TEMPERATURES = [round(1.0 + 0.25 * i, 2) for i in range(57)]  # 1.0 … 15.0
GRID = [round(0.5 + 0.05 * i, 2) for i in range(8)]  # 0.50 … 0.85
"""Candidate journey thresholds. Capped at 0.85: above it the core requests themselves ("bghit markaz dyal nsa",
"I want a women's centre") would get the "did you mean…?" buttons instead of their journey."""
OTHER_SWITCH = 0.65
"""Threshold of the intents that start no service journey (help, goodbye, out_of_scope…): unchanged."""
FALSE_START_BUDGET = 0.015
"""At most this share of the out_of_scope training examples may start a journey (cross-validated)."""
PROTECTION_WEIGHT = {"report_violence": 3.0, "child_protection": 3.0}
"""A correct start lost in these journeys (a woman told violence, a child at risk) counts this
many times in the greedy's "correct starts lost" (the buttons cost such a person one more step)."""
PROTECTION_MAX = 0.7
"""The threshold of those two journeys never goes above this."""
DANGER_FALSE_ALARM_BUDGET = 0.001
"""At most this share of the non-danger training examples the safety net leaves alone may get the numbers from
"NLU + cue" (cross-validated)."""
DANGER_GRID = [round(0.3 + 0.05 * i, 2) for i in range(13)]  # 0.30 … 0.90


def data_fingerprint() -> str:
    """SHA-256 over the training files (``nlu/data/**/*.yml``, sorted) and the featurizer/classifier settings of
    ``nlu/config.yml`` other than the temperature (which calibration itself writes)."""
    digest = hashlib.sha256()
    for path in sorted(project.DATA_DIR.rglob("*.yml")):
        digest.update(str(path.relative_to(project.ROOT)).encode())
        digest.update(path.read_bytes())
    config = re.sub(r"(?m)^\s*temperature:.*$", "", project.CONFIG.read_text(encoding="utf-8"))
    digest.update(config.encode("utf-8"))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def load(path: Path = CALIBRATION_FILE) -> dict[str, Any]:
    """The calibration (``nlu/calibration.json``): ``temperature``, ``switch`` {``default``, ``by_intent``},
    ``danger_nlu_min``, and the cross-validated figures they come from.

    Raises:
        FileNotFoundError: never calibrated (run ``jisr nlu calibrate``).
    """
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# Rasa side (scikit-learn, numpy): cross-validated probabilities
# --------------------------------------------------------------------------------------------------
def _pipeline_settings() -> dict[str, Any]:
    import yaml

    config = yaml.safe_load(project.CONFIG.read_text(encoding="utf-8"))
    settings: dict[str, Any] = {"char_ngram_max": 5, "word_ngram_max": 2, "C": 1.0, "class_weight": {}}
    for step in config.get("pipeline") or []:
        name = str(step.get("name", ""))
        if name.endswith("JisrTfidfFeaturizer"):
            settings.update({k: step[k] for k in ("char_ngram_max", "word_ngram_max") if k in step})
        if name.endswith("JisrIntentClassifier"):
            settings.update({k: step[k] for k in ("C", "class_weight") if k in step})
    return settings


def cross_validate(out: Path) -> None:  # pragma: no cover - runs in the Rasa environment
    """Write ``out`` (JSON): ``classes``, ``temperature``, ``log_loss``, ``accuracy``, ``reliability`` and one row per
    training example: ``text``, ``intent``, ``variety``, ``probs`` (calibrated, over ``classes``)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import FeatureUnion
    from sklearn.svm import LinearSVC

    from nlu import evaluation
    from nlu.normalize import normalize

    settings = _pipeline_settings()
    examples = evaluation.load_examples(project.DATA_DIR)
    texts = [normalize(e.text) for e in examples]
    gold = np.array([e.intent for e in examples])
    classes = np.array(sorted(set(gold)))
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[g] for g in gold])
    decisions = np.zeros((len(texts), len(classes)))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(texts, y):
        vectorizer = FeatureUnion([
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, settings["char_ngram_max"]), sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, settings["word_ngram_max"]), sublinear_tf=True,
                                      token_pattern=r"(?u)\b\w+\b")),
        ])
        features = vectorizer.fit_transform([texts[i] for i in train])
        weights = {index[k]: float(v) for k, v in (settings["class_weight"] or {}).items() if k in index}
        model = LinearSVC(C=settings["C"], random_state=SEED, class_weight=weights or None).fit(features, y[train])
        decisions[np.ix_(test, model.classes_)] = model.decision_function(vectorizer.transform([texts[i] for i in test]))

    def softmax(t: float) -> Any:
        z = decisions * t
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    losses = {t: float(-np.log(softmax(t)[np.arange(len(y)), y] + 1e-12).mean()) for t in TEMPERATURES}
    temperature = min(losses, key=losses.get)
    probs = softmax(temperature)
    top, conf = probs.argmax(axis=1), probs.max(axis=1)
    reliability = []
    for lo in [round(0.1 * i, 1) for i in range(10)]:
        m = (conf >= lo) & (conf < lo + 0.1 + (1e-9 if lo == 0.9 else 0))
        if m.any():
            reliability.append({"from": lo, "to": round(lo + 0.1, 1), "n": int(m.sum()),
                                "accuracy": round(float((top[m] == y[m]).mean()), 3),
                                "mean_confidence": round(float(conf[m].mean()), 3)})
    rows = [{"text": e.text, "intent": e.intent, "variety": e.variety, "probs": [round(float(p), 5) for p in row]}
            for e, row in zip(examples, probs)]
    out.write_text(json.dumps({"classes": classes.tolist(), "temperature": temperature, "log_loss": round(losses[temperature], 4),
                               "accuracy": round(float((top == y).mean()), 4), "reliability": reliability, "rows": rows},
                              ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Bot side: thresholds (need the safety net and the dialogue engine's journeys)
# --------------------------------------------------------------------------------------------------
def journey_intents() -> dict[str, str]:
    """``{intent: flow}`` for every intent that starts a service journey (the open-world evaluation's definition:
    every flow but the menu, "can't help", help, goodbye, "are you a bot" and the emergency flow)."""
    from dialogues.engine import FlowEngine
    from nlu.open_world import NOT_A_JOURNEY

    engine = FlowEngine.default()
    return {i: f for i, f in engine.intent_flows.items() if f not in NOT_A_JOURNEY and f != "emergency"}


def choose_switch(rows: list[dict[str, Any]], classes: list[str], budget: float = FALSE_START_BUDGET) -> dict[str, Any]:
    """Per-intent journey thresholds (greedy, see the module docstring)."""
    journeys = journey_intents()
    tops = []
    for r in rows:
        k = max(range(len(classes)), key=lambda j: r["probs"][j])
        tops.append((classes[k], r["probs"][k]))
    oos = [i for i, r in enumerate(rows) if r["intent"] == "out_of_scope"]
    gold_journey = [i for i, r in enumerate(rows) if r["intent"] in journeys]

    def started(i: int, levels: dict[str, int]) -> str | None:
        top, conf = tops[i]
        return top if top in journeys and conf >= GRID[levels[top]] else None

    def score(levels: dict[str, int]) -> tuple[int, float]:
        fs = sum(1 for i in oos if started(i, levels))
        ok = sum(PROTECTION_WEIGHT.get(rows[i]["intent"], 1.0) for i in gold_journey
                 if started(i, levels) == rows[i]["intent"])
        return fs, ok

    level = dict.fromkeys(journeys, 0)
    fs, ok = score(level)
    while fs > budget * len(oos):
        best, best_ratio, best_score = None, -1.0, (fs, ok)
        for j in journeys:
            top_step = len(GRID) if j not in PROTECTION_WEIGHT else GRID.index(PROTECTION_MAX) + 1
            for step in range(level[j] + 1, top_step):
                trial = {**level, j: step}
                fs1, ok1 = score(trial)
                if fs1 < fs:
                    ratio = (fs - fs1) / (ok - ok1 + 0.5)
                    if ratio > best_ratio:
                        best, best_ratio, best_score = trial, ratio, (fs1, ok1)
        if best is None:
            break
        level, (fs, ok) = best, best_score
    return {
        "default": OTHER_SWITCH,
        "by_intent": {j: GRID[level[j]] for j in sorted(journeys)},
        "cv_out_of_scope_start_rate": round(fs / len(oos), 4),
        "cv_journey_starts_kept": round(sum(1 for i in gold_journey if started(i, level) == rows[i]["intent"])
                                        / len(gold_journey), 4),
        "budget": budget,
    }


def choose_danger_min(rows: list[dict[str, Any]], classes: list[str], net: list[bool], cue: list[bool],
                      budget: float = DANGER_FALSE_ALARM_BUDGET) -> dict[str, Any]:
    """The smallest ``immediate_danger`` probability of :data:`DANGER_GRID` at which NLU + cue fires on at most
    ``budget`` of the non-danger rows the net leaves alone."""
    k = classes.index("immediate_danger")
    candidates = [i for i, r in enumerate(rows) if r["intent"] != "immediate_danger" and not net[i]]
    chosen, rate = DANGER_GRID[-1], 0.0
    for t in DANGER_GRID:
        fired = sum(1 for i in candidates if cue[i] and rows[i]["probs"][k] >= t)
        if fired <= budget * len(candidates):
            chosen, rate = t, fired / len(candidates)
            break
    return {"danger_nlu_min": chosen, "cv_false_alarm_rate": round(rate, 5), "cv_non_danger_left_by_net": len(candidates)}


def calibrate(rasa_python: Path = project.RASA_PYTHON) -> dict[str, Any]:
    """Run the cross-validation in the Rasa environment, choose the thresholds, write ``nlu/calibration.json`` and
    the temperature into ``nlu/config.yml``. Returns the calibration."""
    import subprocess
    import tempfile

    from nlu import safety

    project.require_rasa()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cv.json"
        subprocess.run([str(rasa_python), "-m", "nlu.calibration", "cv", str(out)], cwd=project.ROOT,
                       env=project.rasa_env("WARNING"), check=True)
        cv = json.loads(out.read_text(encoding="utf-8"))
    rows, classes = cv["rows"], cv["classes"]
    net = [safety.detect(r["text"]) is not None for r in rows]
    cue = [safety.danger_cue(r["text"]) for r in rows]
    result = {
        "data_fingerprint": data_fingerprint(),
        "folds": FOLDS,
        "seed": SEED,
        "examples": len(rows),
        "temperature": cv["temperature"],
        "cv_log_loss": cv["log_loss"],
        "cv_accuracy": cv["accuracy"],
        "reliability": cv["reliability"],
        "switch": choose_switch(rows, classes),
        **choose_danger_min(rows, classes, net, cue),
    }
    CALIBRATION_FILE.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    config = project.CONFIG.read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(\s*temperature:\s*)[0-9.]+", lambda m: f"{m.group(1)}{cv['temperature']}", config)
    project.CONFIG.write_text(config, encoding="utf-8")
    load.cache_clear()
    return result


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 3 and sys.argv[1] == "cv":
        cross_validate(Path(sys.argv[2]))
    else:
        sys.exit("usage: python -m nlu.calibration cv OUT.json")
