"""Is this message danger now? The one decision the message path takes on the safety net's verdict and the NLU.

``decide(net, parse)`` is called by ``bot/pipeline.py`` after the NLU parse (when the safety net did not fire,
``net`` is ``None``) and by the open-world evaluation (``nlu/open_world.py``), so the figures printed by
``jisr nlu eval`` are those of the bot's own rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.safety import Danger

if TYPE_CHECKING:  # pragma: no cover
    from nlu.client import ParseResult

DANGER_NLU_MIN_CONFIDENCE = 0.3  # NLU immediate_danger as top intent at or above this → danger path

NLU_DANGER = Danger(kinds=("nlu",), pattern_ids=("nlu:immediate_danger",))


def decide(net: Danger | None, parse: ParseResult | None) -> Danger | None:
    """The danger verdict of one message: the safety net's when it fired, else the NLU's ``immediate_danger``
    as top intent at or above :data:`DANGER_NLU_MIN_CONFIDENCE`, else ``None``."""
    if net is not None:
        return net
    if (parse is not None and parse.intent == "immediate_danger"
            and float(parse.confidence or 0) >= DANGER_NLU_MIN_CONFIDENCE):
        return NLU_DANGER
    return None
