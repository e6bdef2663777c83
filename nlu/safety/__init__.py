"""The safety net: :func:`detect` danger now in a message, deterministically, from the lexicon of
``nlu/safety/lexicon/`` (see :mod:`nlu.safety.detector` for what it detects and :mod:`nlu.safety.lexicon` for
the data files), plus the hard negatives the dialogue engine and the danger decision use (:func:`not_literal`,
:func:`told_as_story`, :func:`danger_cue`) and the folding the patterns are written in (:func:`fold`).

No service and nothing from ``bot``: the message path (``bot``) wires it; the danger decision is
:func:`nlu.danger.decide`; the emergency numbers and replies are in ``dialogues/emergency.py``.
"""

from nlu.safety.detector import DANGER_KINDS, Danger, danger_cue, detect, not_literal, told_as_story
from nlu.safety.folding import fold

__all__ = ["DANGER_KINDS", "Danger", "danger_cue", "detect", "fold", "not_literal", "told_as_story"]
