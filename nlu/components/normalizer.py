"""Rasa graph component that applies ``nlu.normalize.normalize`` to every message, first in the pipeline.

The same function runs at training (``process_training_data``) and at inference (``process``), so the
model only ever sees normalised text. Entity annotations of training examples are re-located in the
normalised text (their character offsets change when tashkeel, tatweel or elongation are removed), and
the synonyms and lookup tables of the training data are normalised too, so that the synonym keys match
what the extractor sees at inference ("كَازَا" and "Casa" reach the EntitySynonymMapper as "كازا", "casa").

Runs inside the Rasa service (Python 3.10); registered with ``DefaultV1Recipe`` as a message featurizer
(the recipe only gives ``process_training_data``/``process`` nodes to tokenizers and featurizers).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.normalize import normalize

logger = logging.getLogger(__name__)

ORIGINAL_TEXT = "jisr_original_text"
"""Message key holding the text as received (never added to the parse output, never logged)."""


def relocate_entities(original: str, normalized: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Map entity annotations made on ``original`` onto ``normalized``.

    Each entity's surface text is normalised and searched in ``normalized`` from the end of the previous
    entity (annotations are in text order). The entity ``value`` is normalised when it was the surface
    text itself (no synonym given), and kept as written otherwise (a canonical id such as
    ``casablanca``). Entities whose surface cannot be found (should not happen) are dropped with a
    warning that names the entity type only (never the message text).

    Returns:
        A new list of entity dicts with ``start``/``end`` in ``normalized``.
    """
    out: list[dict[str, Any]] = []
    cursor = 0
    for ent in sorted(entities, key=lambda e: e.get(ENTITY_ATTRIBUTE_START, 0)):
        start, end = ent.get(ENTITY_ATTRIBUTE_START), ent.get(ENTITY_ATTRIBUTE_END)
        if start is None or end is None:
            out.append(dict(ent))
            continue
        surface = original[start:end]
        target = normalize(surface)
        pos = normalized.find(target, cursor) if target else -1
        if pos < 0:
            logger.warning(
                "jisr normaliser: dropped one '%s' annotation that normalisation made unlocatable",
                ent.get("entity"),
            )
            continue
        new = dict(ent)
        new[ENTITY_ATTRIBUTE_START] = pos
        new[ENTITY_ATTRIBUTE_END] = pos + len(target)
        value = ent.get(ENTITY_ATTRIBUTE_VALUE)
        if value is None or str(value) == surface:
            new[ENTITY_ATTRIBUTE_VALUE] = target
        out.append(new)
        cursor = pos + len(target)
    return out


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class JisrNormalizer(GraphComponent):
    """Replaces each message's ``text`` with ``normalize(text)`` (see ``nlu/normalize.py``)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options: the normaliser is the project-wide one, deliberately not configurable."""
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JisrNormalizer:
        """Create the component (stateless)."""
        return cls()

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> JisrNormalizer:
        """Load the component (stateless, same as ``create``)."""
        return cls()

    def _normalize_message(self, message: Message, training: bool) -> None:
        text: str | None = message.get(TEXT)
        if not isinstance(text, str):
            return
        normalized = normalize(text)
        if normalized == text:
            return
        message.set(ORIGINAL_TEXT, text)
        message.set(TEXT, normalized)
        if training and message.get(ENTITIES):
            message.set(ENTITIES, relocate_entities(text, normalized, message.get(ENTITIES)))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Normalise training examples (text and entity offsets), synonyms and lookup tables in place."""
        for message in training_data.training_examples:
            self._normalize_message(message, training=True)
        training_data.entity_synonyms = {
            normalize(str(k)): v for k, v in training_data.entity_synonyms.items() if normalize(str(k))
        }
        for table in training_data.lookup_tables:
            elements = table.get("elements")
            if isinstance(elements, list):
                table["elements"] = sorted({normalize(str(e)) for e in elements} - {""})
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Normalise incoming messages (inference)."""
        for message in messages:
            self._normalize_message(message, training=False)
        return messages
