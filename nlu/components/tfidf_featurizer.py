"""Rasa sparse featurizer: TF-IDF of character n-grams and words of the normalised text.

One transform per message, shared by the intent classifier (``JisrIntentClassifier``) and the language
identifier (``JisrLanguageIdentifier``): both read this featurizer's *sentence* features (Rasa's
``Features`` on the ``text`` attribute, origin = the component name or its ``alias``).

Features (scikit-learn ``TfidfVectorizer``, sublinear tf, L2-normalised, concatenated):
- character n-grams of 1–``char_ngram_max`` (default 5) characters inside word boundaries (``char_wb``):
  they carry Darija's spelling variation (3/a, 7/h, ch/sh, ou/u, with and without ``ال``);
- word 1–``word_ngram_max`` (default 2) grams, a word being ``\\w+`` (Arabizi digits are word characters).

Chosen by 5-fold cross-validation on the training data (``nlu/README.md``, never on the held-out split).
Placed after ``JisrNormalizer`` and ``WhitespaceTokenizer``; adds no sequence features.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.sklearn_component import PickledModelComponent

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class JisrTfidfFeaturizer(PickledModelComponent, SparseFeaturizer):
    """TF-IDF char + word n-gram sentence features (see module docstring)."""

    MODEL_FILE = "tfidf.pkl"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``char_ngram_max`` / ``word_ngram_max``: longest n-grams; ``alias``: the features' origin name."""
        return {**SparseFeaturizer.get_default_config(), "char_ngram_max": 5, "word_ngram_max": 2}

    def __init__(self, config: dict[str, Any], model_storage: Any, resource: Resource, model: Any = None) -> None:
        PickledModelComponent.__init__(self, config, model_storage, resource, model)
        SparseFeaturizer.__init__(self, type(self).__name__, self._config)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Raises ``ValueError`` when an n-gram length is below 1."""
        if int(config.get("char_ngram_max", 5)) < 1 or int(config.get("word_ngram_max", 2)) < 1:
            raise ValueError("JisrTfidfFeaturizer: n-gram lengths must be >= 1")

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the vocabulary and IDF weights on every training example's (normalised) text."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion

        texts = [t for t in (m.get(TEXT) for m in training_data.training_examples) if isinstance(t, str) and t]
        if not texts:
            return self._resource
        vectorizer = FeatureUnion(
            [
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, self._config["char_ngram_max"]),
                                          sublinear_tf=True)),
                ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, self._config["word_ngram_max"]),
                                          sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")),
            ]
        )
        vectorizer.fit(texts)
        logger.info("jisr tfidf featurizer: %d features from %d examples", len(vectorizer.get_feature_names_out()),
                    len(texts))
        return self.persist(vectorizer)

    def _featurize(self, messages: list[Message]) -> None:
        if self.model is None:
            return
        todo = [m for m in messages if isinstance(m.get(TEXT), str)]
        if not todo:
            return
        matrix = self.model.transform([m.get(TEXT) for m in todo]).tocsr()
        for i, message in enumerate(todo):
            self.add_features_to_message(sequence=None, sentence=matrix[i].tocoo(), attribute=TEXT, message=message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Add the sentence features to every training example."""
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the sentence features to each incoming message."""
        self._featurize(messages)
        return messages
