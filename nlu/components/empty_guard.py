"""Rasa graph component: a message with nothing to classify gets ``nlu_fallback``, never a guess.

After normalisation, a message made only of emoji, punctuation, symbols or invisible characters has no
word token; a statistical classifier still returns a guess for it (DIET once said ``affirm`` at 0.62 — a
"yes" nobody said). This component, placed after the classifiers and before the FallbackClassifier, replaces the intent of such
messages by ``nlu_fallback`` (confidence 0.0, empty ranking) so the dialogue engine asks again.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

FALLBACK_INTENT = "nlu_fallback"
_WORD_RE = re.compile(r"[^\W_]")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class JisrEmptyMessageGuard(GraphComponent):
    """Sets ``nlu_fallback`` on messages without any letter or digit (see module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options."""
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JisrEmptyMessageGuard:
        """Create the (stateless) guard."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the intent of word-less messages by ``nlu_fallback``."""
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and not _WORD_RE.search(text):
                message.set(INTENT, {"name": FALLBACK_INTENT, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages
