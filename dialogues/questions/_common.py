"""What the question kinds share: the signature of ``answer`` and the typed-number pattern."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dialogues.state import ConversationState

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.understand import Understanding

DIGIT = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")  # a typed list number ("2", "2.", "2)")


def keep_language(state: ConversationState, u: Understanding) -> None:
    """A list answered by its number, an ordinal, a label or a day + time is no reason to change the
    language: the variety before the message is kept."""
    if u.list_answer and u.prior_variety and not u.payload:
        state.variety = u.prior_variety
