"""Shared plumbing of Jisr's trainable scikit-learn components: create, persist, load.

A component keeps one picklable model object (a fitted scikit-learn estimator, or a small dict of them)
in Rasa's model storage under ``MODEL_FILE``. The pickle is our own artefact, written by ``train`` in the
same model archive, never data from outside. Runs in the Rasa service (Python 3.10, scikit-learn from
Rasa's environment).
"""

from __future__ import annotations

import logging
import pickle
from typing import Any, ClassVar, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

logger = logging.getLogger(__name__)

_C = TypeVar("_C", bound="PickledModelComponent")


class PickledModelComponent(GraphComponent):
    """Base class: ``self.model`` is ``None`` until trained or loaded.

    Subclasses set ``MODEL_FILE`` (file name inside the component's resource) and implement ``train`` /
    ``process``; they call :meth:`persist` at the end of ``train``.
    """

    MODEL_FILE: ClassVar[str] = "model.pkl"

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Any = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls: type[_C],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _C:
        """An untrained component."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: type[_C],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> _C:
        """The component with the model written by ``train``; ``model`` is ``None`` (and a warning is
        logged) when the archive has none, e.g. when training had too few labels."""
        model = None
        try:
            with model_storage.read_from(resource) as directory, open(directory / cls.MODEL_FILE, "rb") as fh:
                model = pickle.load(fh)  # our own artefact, written by persist() in this model archive
        except (ValueError, FileNotFoundError):
            logger.warning("%s: no trained model in the archive", cls.__name__)
        return cls(config, model_storage, resource, model)

    def persist(self, model: Any) -> Resource:
        """Keep ``model`` as this component's model and write it to the model storage."""
        self.model = model
        with self._model_storage.write_to(self._resource) as directory, open(directory / self.MODEL_FILE, "wb") as fh:
            pickle.dump(model, fh)
        return self._resource
