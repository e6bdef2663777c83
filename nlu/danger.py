"""Is this message danger now? The one decision the message path takes on the safety net's verdict and the NLU.

``decide(net, parse)`` is called by the message path (``bot/pipeline.py``) after the NLU parse (the safety net
ran first; when it fired, the NLU is not even asked) and by the open-world evaluation (``nlu/open_world.py``), so the figures that
``jisr nlu eval`` prints are those of the bot's own rule. Two signals, each weak on its own:

1. **the safety net** (``nlu.safety.detect``): hand-written families of ways of saying danger now, with hard
   negatives (figures of speech, fiction and news, violence over long ago) — it fires → danger;
2. **the NLU** (``immediate_danger``'s calibrated probability in the ranking) — it counts only when it is at least
   :data:`NLU_DANGER_MIN` *and* the text has a danger-ish word (``nlu.safety.danger_cue``: harm, a weapon, blood,
   being locked in or followed, fear, a call for help; not in fiction, news or a past told as over).

The NLU alone never sends the numbers: on everyday sentences it said ``immediate_danger`` with confidence up to 1.0
("rah lbe9al sed lyoum bkri", the grocer closed early — the presentative "rah" is frequent in danger examples).
:data:`NLU_DANGER_MIN` was chosen by 5-fold cross-validation on the training data (``jisr nlu calibrate``,
``nlu/calibration.json``): the smallest probability at which NLU + cue fires on at most 0.1 % of the non-danger
training examples the safety net leaves alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlu import safety
from nlu.safety import Danger

if TYPE_CHECKING:  # pragma: no cover
    from nlu.client import ParseResult

NLU_DANGER = Danger(kinds=("nlu",), pattern_ids=("nlu:immediate_danger",))


def _calibrated_min() -> float:
    from nlu import calibration

    try:
        return float(calibration.load()["danger_nlu_min"])
    except (FileNotFoundError, KeyError, ValueError):  # never calibrated: the NLU alone needs a near-certain score
        return 0.9


NLU_DANGER_MIN = _calibrated_min()
"""NLU ``immediate_danger`` probability needed (with a danger cue in the text) for the NLU to count alone."""


def danger_probability(parse: ParseResult | None) -> float:
    """The NLU's probability of ``immediate_danger`` (from the ranking: also when the FallbackClassifier replaced
    the top intent by ``nlu_fallback``), 0.0 without a parse."""
    if parse is None:
        return 0.0
    if parse.intent == "immediate_danger":
        return float(parse.confidence or 0.0)
    return max((float(c) for name, c in (parse.intent_ranking or []) if name == "immediate_danger"), default=0.0)


def decide(net: Danger | None, parse: ParseResult | None) -> Danger | None:
    """The danger verdict of one message: the safety net's when it fired; else the NLU's when its
    ``immediate_danger`` probability is at least :data:`NLU_DANGER_MIN` and the text has a danger cue; else ``None``."""
    if net is not None:
        return net
    if parse is None:
        return None
    if danger_probability(parse) >= NLU_DANGER_MIN and safety.danger_cue(parse.text):
        return NLU_DANGER
    return None
