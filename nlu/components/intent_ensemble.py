"""Rasa graph component: averages DIET's intent ranking with a linear model on character n-grams.

Why: on our held-out split (phrasings deliberately different from the training examples) a logistic
regression on TF-IDF character 1–5-grams (word-bounded) and word 1–2-grams of the normalised text
generalises differently from DIET — spelling variation is its strength — and the average of the two
probability vectors is more accurate than either (measured in ``nlu/README.md``). The weight is fixed a
priori (``diet_weight``, default 0.5), not tuned on the held-out split.

Placed after ``DIETClassifier`` and before the ``FallbackClassifier``; replaces ``intent`` and
``intent_ranking`` (top ``ranking_length``) by the averaged ones. Intents absent from DIET's ranking count
as probability 0 on DIET's side. Runs in the Rasa service (scikit-learn from Rasa's environment).
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

_MODEL_FILE = "intent_ensemble.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class JisrIntentEnsemble(GraphComponent):
    """DIET + character n-gram logistic regression, averaged (see module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``diet_weight``: weight of DIET's probabilities (0–1); ``C``: inverse regularisation;
        ``char_ngram_max``: longest character n-gram; ``ranking_length``: intents kept in the ranking."""
        return {"diet_weight": 0.5, "C": 20.0, "char_ngram_max": 5, "ranking_length": 10}

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, pipeline: Any = None
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
    ) -> JisrIntentEnsemble:
        """An untrained ensemble."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> JisrIntentEnsemble:
        """Load the linear model written by ``train``."""
        pipeline = None
        try:
            with model_storage.read_from(resource) as directory, open(directory / _MODEL_FILE, "rb") as fh:
                pipeline = pickle.load(fh)  # our own artefact, written by train()
        except (ValueError, FileNotFoundError):
            logger.warning("jisr intent ensemble: no trained model; DIET's ranking is used alone")
        return cls(config, model_storage, resource, pipeline)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the logistic regression on the (normalised) intent examples; persist it."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        texts, labels = [], []
        for message in training_data.intent_examples:
            text, intent = message.get(TEXT), message.get(INTENT)
            if isinstance(text, str) and text and intent:
                texts.append(text)
                labels.append(intent)
        if len(set(labels)) < 2:
            return self._resource
        features = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(1, self._config["char_ngram_max"]), sublinear_tf=True
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
        pipeline = Pipeline(
            [("features", features), ("classifier", LogisticRegression(C=self._config["C"], max_iter=3000))]
        )
        pipeline.fit(texts, labels)
        self._pipeline = pipeline
        with (
            self._model_storage.write_to(self._resource) as directory,
            open(directory / _MODEL_FILE, "wb") as fh,
        ):
            pickle.dump(pipeline, fh)
        logger.info("jisr intent ensemble: linear model trained on %d examples", len(texts))
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace ``intent``/``intent_ranking`` by the weighted average of DIET's and the linear model's."""
        if self._pipeline is None:
            return messages
        weight = float(self._config["diet_weight"])
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            probabilities = self._pipeline.predict_proba([text])[0]
            scores = {
                str(c): (1.0 - weight) * float(p) for c, p in zip(self._pipeline.classes_, probabilities)
            }
            for entry in message.get(INTENT_RANKING_KEY) or []:
                name = entry.get("name")
                if name in scores:
                    scores[name] += weight * float(entry.get("confidence") or 0.0)
            ranking = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[
                : self._config["ranking_length"]
            ]
            best, confidence = ranking[0]
            message.set(INTENT, {"name": best, "confidence": confidence}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True
            )
        return messages
