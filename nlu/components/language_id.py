"""Rasa graph component that identifies the language variety of a message: ``ary`` (Darija, Arabic
script), ``ary-Latn`` (Darija, Latin script / Arabizi), ``ar`` (Modern Standard Arabic) or ``fr``.

Why not a generic detector: langid/fastText/CLD call Arabizi English, Basque or Somali, and do not separate
Darija from MSA. This component is trained on the project's own NLU examples, each labelled through the
intent-level metadata of the training files (``metadata: {variety: ary}``).

Model: the script decides the pair, a classifier decides inside the pair.
1. Script cue: if the message has more Arabic-script letters than Latin letters the answer is ``ary`` or
   ``ar``; otherwise ``ary-Latn`` or ``fr``; code-switched messages ("بغيت rendez-vous") follow the script
   of most of their letters. Messages without letters (emoji, digits) use the classifier over all four.
2. A scikit-learn logistic regression on the sentence features of ``JisrTfidfFeaturizer`` (TF-IDF of
   character 1–5-grams and word 1–2-grams of the normalised text, shared with the intent classifier);
   Arabizi digits-as-letters ("3", "7", "9" inside words) and Darija function words ("dyal", "ديال",
   "كي-") are what it picks up.

Adds ``language`` (str) and ``language_confidence`` (float, 0–1, probability renormalised inside the
chosen script pair) to the parse output. Runs in the Rasa service (Python 3.10, scikit-learn from Rasa's
environment).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.intent_classifier import sentence_features
from nlu.components.sklearn_component import PickledModelComponent

logger = logging.getLogger(__name__)

VARIETIES = ("ary", "ary-Latn", "ar", "fr")
ARABIC_PAIR = ("ary", "ar")
LATIN_PAIR = ("ary-Latn", "fr")
LANGUAGE = "language"
LANGUAGE_CONFIDENCE = "language_confidence"


def script_counts(text: str) -> tuple[int, int]:
    """(Arabic-script letters, Latin letters) in ``text``."""
    arabic = latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF or 0xFB50 <= o <= 0xFEFF:
            arabic += 1
        elif o < 0x0250 or 0x1E00 <= o <= 0x1EFF:
            latin += 1
    return arabic, latin


def message_variety(message: Message) -> str | None:
    """The ``variety`` of a training example, from its intent-level (or example-level) metadata."""
    metadata = message.get(METADATA) or {}
    for level in (METADATA_INTENT, "example"):
        block = metadata.get(level) or {}
        if isinstance(block, dict) and block.get("variety") in VARIETIES:
            return block["variety"]
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class JisrLanguageIdentifier(PickledModelComponent):
    """Trainable variety identifier (see module docstring)."""

    MODEL_FILE = "language_id.pkl"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``C``: inverse regularisation of the logistic regression; ``featurizers``: origins of the
        sentence features to use (empty = all)."""
        return {"C": 20.0, "featurizers": []}

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every training example whose metadata names its variety; persist the model."""
        import scipy.sparse
        from sklearn.linear_model import LogisticRegression

        rows, labels = [], []
        for message in training_data.training_examples:
            variety = message_variety(message)
            features = sentence_features(message, self._config["featurizers"])
            if variety and features is not None:
                rows.append(features)
                labels.append(variety)
        if len(set(labels)) < 2:
            logger.warning("jisr language identifier: fewer than two varieties in the training data; not trained")
            return self._resource
        classifier = LogisticRegression(C=self._config["C"], max_iter=3000)
        classifier.fit(scipy.sparse.vstack(rows).tocsr(), labels)
        logger.info("jisr language identifier trained on %d examples", len(labels))
        return self.persist(classifier)

    def predict(self, text: str, features: Any) -> tuple[str | None, float]:
        """(variety, confidence) for one normalised ``text`` and its sentence ``features`` (sparse, (1, n));
        (None, 0.0) when untrained, empty or without features."""
        if self.model is None or not text or features is None:
            return None, 0.0
        scores = dict(zip(self.model.classes_, self.model.predict_proba(features)[0]))
        arabic, latin = script_counts(text)
        if arabic or latin:
            pair = ARABIC_PAIR if arabic > latin else LATIN_PAIR
            candidates = {v: scores.get(v, 0.0) for v in pair}
        else:
            candidates = scores
        best = max(candidates, key=candidates.get)
        total = sum(candidates.values()) or 1.0
        return str(best), float(candidates[best] / total)

    def process(self, messages: list[Message]) -> list[Message]:
        """Add ``language`` and ``language_confidence`` to each message's output."""
        for message in messages:
            text = message.get(TEXT)
            variety, confidence = self.predict(
                text if isinstance(text, str) else "", sentence_features(message, self._config["featurizers"])
            )
            if variety is not None:
                message.set(LANGUAGE, variety, add_to_output=True)
                message.set(LANGUAGE_CONFIDENCE, round(confidence, 4), add_to_output=True)
        return messages
