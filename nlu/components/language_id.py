"""Rasa graph component that identifies the language variety of a message: ``ary`` (Darija, Arabic
script), ``ary-Latn`` (Darija, Latin script / Arabizi), ``ar`` (Modern Standard Arabic) or ``fr``.

Why not a generic detector: langid/fastText/CLD call Arabizi English, Basque or Somali, and do not separate
Darija from MSA. This component is trained on the project's own NLU examples, each labelled through the
intent-level metadata of the training files (``metadata: {variety: ary}``).

Model: the script decides the pair, a classifier decides inside the pair.
1. Script cue: if the message has more Arabic-script letters than Latin letters the answer is ``ary`` or
   ``ar``; otherwise ``ary-Latn`` or ``fr``; code-switched messages ("بغيت rendez-vous") follow the script
   of most of their letters. Messages without letters (emoji, digits) use the classifier over all four.
2. A scikit-learn logistic regression on TF-IDF character n-grams (1–4, word-bounded) plus word uni- and
   bigrams of the normalised text; Arabizi digits-as-letters ("3", "7", "9" inside words) and Darija
   function words ("dyal", "ديال", "كي-") are what it picks up.

Adds ``language`` (str) and ``language_confidence`` (float, 0–1, probability renormalised inside the
chosen script pair) to the parse output. Runs in the Rasa service (Python 3.10, scikit-learn from Rasa's
environment).
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

VARIETIES = ("ary", "ary-Latn", "ar", "fr")
ARABIC_PAIR = ("ary", "ar")
LATIN_PAIR = ("ary-Latn", "fr")
LANGUAGE = "language"
LANGUAGE_CONFIDENCE = "language_confidence"
_MODEL_FILE = "language_id.pkl"


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
class JisrLanguageIdentifier(GraphComponent):
    """Trainable variety identifier (see module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``C``: inverse regularisation of the logistic regression; ``char_ngram_max``: longest char n-gram."""
        return {"C": 20.0, "char_ngram_max": 4}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Any = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JisrLanguageIdentifier:
        """Create an untrained identifier."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> JisrLanguageIdentifier:
        """Load the trained scikit-learn pipeline from the model storage."""
        pipeline = None
        try:
            with model_storage.read_from(resource) as directory, open(directory / _MODEL_FILE, "rb") as fh:
                pipeline = pickle.load(fh)  # our own artefact, written by train()
        except (ValueError, FileNotFoundError):
            logger.warning("jisr language identifier: no trained model found; 'language' will be missing")
        return cls(config, model_storage, resource, pipeline)

    def _build_pipeline(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        features = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=(1, self._config["char_ngram_max"]),
                        sublinear_tf=True,
                        min_df=1,
                    ),
                ),
                (
                    "words",
                    TfidfVectorizer(
                        analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
                    ),
                ),
            ]
        )
        classifier = LogisticRegression(C=self._config["C"], max_iter=3000)
        return Pipeline([("features", features), ("classifier", classifier)])

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every training example whose metadata names its variety; persist the model."""
        texts: list[str] = []
        labels: list[str] = []
        for message in training_data.training_examples:
            variety = message_variety(message)
            text = message.get(TEXT)
            if variety and isinstance(text, str) and text:
                texts.append(text)
                labels.append(variety)
        if len(set(labels)) < 2:
            logger.warning(
                "jisr language identifier: fewer than two varieties in the training data; not trained"
            )
            return self._resource
        pipeline = self._build_pipeline()
        pipeline.fit(texts, labels)
        self._pipeline = pipeline
        with (
            self._model_storage.write_to(self._resource) as directory,
            open(directory / _MODEL_FILE, "wb") as fh,
        ):
            pickle.dump(pipeline, fh)
        logger.info("jisr language identifier trained on %d examples", len(texts))
        return self._resource

    def predict(self, text: str) -> tuple[str | None, float]:
        """(variety, confidence) for one normalised text; (None, 0.0) when untrained or empty."""
        if self._pipeline is None or not text:
            return None, 0.0
        probabilities = self._pipeline.predict_proba([text])[0]
        classes = list(self._pipeline.classes_)
        scores = dict(zip(classes, probabilities))
        arabic, latin = script_counts(text)
        if arabic or latin:
            pair = ARABIC_PAIR if arabic > latin else LATIN_PAIR
            candidates = {v: scores.get(v, 0.0) for v in pair}
        else:
            candidates = scores
        best = max(candidates, key=candidates.get)
        total = sum(candidates.values()) or 1.0
        return best, float(candidates[best] / total)

    def process(self, messages: list[Message]) -> list[Message]:
        """Add ``language`` and ``language_confidence`` to each message's output."""
        for message in messages:
            text = message.get(TEXT)
            variety, confidence = self.predict(text if isinstance(text, str) else "")
            if variety is not None:
                message.set(LANGUAGE, variety, add_to_output=True)
                message.set(LANGUAGE_CONFIDENCE, round(confidence, 4), add_to_output=True)
        return messages
