"""Text helpers of the dialogue engine: the project's one normaliser (``nlu.normalize.normalize``,
BRIEF contract #1), re-exported so the engine has one import for it."""

from __future__ import annotations

from nlu.normalize import normalize

__all__ = ["normalize"]
