"""Rasa graph component that finds Moroccan place names deterministically and maps them to canonical place
ids (the gazetteer's slugs: ``casablanca``, ``fes``, ``laayoune``…).

Why, next to the ``CRFEntityExtractor``: the CRF learns the *context* of a city mention ("bghit centre
f …") and finds places it has never seen, but it misses known places glued to Darija clitics ("لكازا",
"فالرباط", "fcasa") and needs many annotated examples per place. This extractor knows every alias of ``nlu/data/lookup_city.yml``
(generated from the project gazetteer, ``services/data/place_aliases.yml``), after normalisation, and
looks up token windows of 1–4 words, also with one clitic prefix removed (Arabic ``و ف ب ل ك`` and
``لل``→``ال``; Latin ``f l b w``; "d'oujda", "l-casa" are split at the apostrophe/hyphen). A place it finds wins over an overlapping CRF
``city`` span; the CRF's other ``city`` spans are kept (the bot resolves them through the gazetteer).

Trained from the training data of the pipeline (already normalised by ``JisrNormalizer``): synonyms
(alias → id), the ``city`` lookup table, and annotated ``city`` entities whose value is a known id.
Adds entities ``{"entity": "city", "value": <id>, "start", "end", "confidence_entity": 1.0,
"extractor": "JisrCityExtractor"}``; offsets are in the normalised text.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.normalize import normalize
from nlu.places import MIN_ALIAS_LENGTH, alias_key, find_places

logger = logging.getLogger(__name__)

ENTITY = "city"
_FILE = "city_aliases.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class JisrCityExtractor(GraphComponent):
    """Gazetteer-backed ``city`` extractor (see module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options."""
        return {}

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, aliases: dict[str, str] | None = None
    ):
        self._model_storage = model_storage
        self._resource = resource
        self.aliases: dict[str, str] = aliases or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JisrCityExtractor:
        """An extractor that knows no place yet."""
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> JisrCityExtractor:
        """Load the alias table written by ``train``."""
        aliases: dict[str, str] = {}
        try:
            with model_storage.read_from(resource) as directory:
                aliases = json.loads((directory / _FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("jisr city extractor: no alias table in the model")
        return cls(model_storage, resource, aliases)

    def train(self, training_data: TrainingData) -> Resource:
        """Build ``normalised alias → place id`` from synonyms, the ``city`` lookup and annotations."""
        ids = set(training_data.entity_synonyms.values())
        aliases: dict[str, str] = {alias_key(k): v for k, v in training_data.entity_synonyms.items()}
        for table in training_data.lookup_tables:
            if table.get("name") == ENTITY and isinstance(table.get("elements"), list):
                for element in table["elements"]:
                    key = alias_key(str(element))
                    aliases.setdefault(key, normalize(str(element)))
        for message in training_data.entity_examples:
            for ent in message.get(ENTITIES) or []:
                if ent.get("entity") == ENTITY and ent.get("value") in ids:
                    surface = alias_key(message.get(TEXT)[ent["start"] : ent["end"]])
                    aliases.setdefault(surface, ent["value"])
        for pid in ids:
            aliases.setdefault(alias_key(pid), pid)
        self.aliases = {k: v for k, v in aliases.items() if len(k) >= MIN_ALIAS_LENGTH}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(json.dumps(self.aliases, ensure_ascii=False), encoding="utf-8")
        logger.info("jisr city extractor knows %d aliases of %d places", len(self.aliases), len(ids))
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        """Add gazetteer places; drop statistical ``city`` spans (CRF) that overlap one."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not self.aliases:
                continue
            places = find_places(text, self.aliases)
            if not places:
                continue
            entities = [
                e
                for e in (message.get(ENTITIES) or [])
                if not (
                    e.get("entity") == ENTITY
                    and any(e.get("start", -1) < end and start < e.get("end", -1) for start, end, _ in places)
                )
            ]
            for start, end, pid in places:
                entities.append(
                    {
                        "entity": ENTITY,
                        "start": start,
                        "end": end,
                        "value": pid,
                        "confidence_entity": 1.0,
                        "extractor": "JisrCityExtractor",
                    }
                )
            entities.sort(key=lambda e: e.get("start", 0))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
